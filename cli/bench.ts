import { cliBench, printCli, type CliRow } from "../bench/cli_startup.ts";
import { SCANBOOK_BACKENDS, scanbookPass } from "../bench/scanbook_engine.ts";
import { wasmReady, wasmUnavailable } from "../kernel/tensor/wasm/module.ts";
import { useKernelThreads } from "../kernel/tensor/wasm/parallel.ts";
import { startKernelThreads } from "../kernel/worker/node_kernel_threads.ts";
import { gradingBench, printGrading, type GradingReport } from "../bench/grading.ts";
import { reactiveBench, type ReactiveRow } from "../bench/reactive.ts";
import { loadTfjs } from "../bench/tfjs_engine.ts";
import { tfjsPass } from "../bench/tfjs_pass.ts";
import { type BrowserReport, printBrowser } from "../bench/browser_bench.ts";
import { type Breakdown, forwardBreakdown } from "../bench/breakdown.ts";
import { type Ceiling, measureCeiling } from "../bench/ceiling.ts";
import { printTraining, trainingBench, type TrainingReport } from "../bench/training.ts";
import { parseCommandLine, usageError } from "./args.ts";
import { commandNamed } from "./commands.ts";
import { medianMs, multiplyAdds, passes, workloads, type Pass, type Workload } from "../bench/workloads.ts";

interface Row {
  workload: string;
  label: string;
  pass: Pass;
  /** Median ms per engine; null where the engine has no such kernel. */
  ms: Record<string, number | null>;
  gflops: Record<string, number | null>;
  /** Our speed-up over each other engine: their time / ours. */
  speedup: Record<string, number | null>;
  /** Share of the measured ceiling our kernels reach: one thread of one core's, all threads of all cores'. */
  ceilingShare: { threads: number | null; oneThread: number | null };
}

const SPEC = commandNamed("bench")!;

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/**
 * `scanbook bench [--json] [--quick] [--only a,b]`: our engine against tfjs-backend-cpu and
 * tfjs-backend-wasm on the same convolutions, in one run; then edit latency (reactive) and
 * training speed (training), then grading a class serially and in parallel (grading).
 * Times are medians; ratios are
 * what to compare, since absolute times move with the machine's load.
 */
export async function bench(args: string[]): Promise<number> {
  const parsed = parseCommandLine(SPEC, args);
  if (typeof parsed === "string") return usageError(SPEC, parsed);
  if (parsed.operands.length) return usageError(SPEC, `bench takes no operands, got ${parsed.operands[0]}`);
  const json = parsed.values.json === true,
    quick = parsed.values.quick === true;
  const only = typeof parsed.values.only === "string" ? parsed.values.only.split(",") : null;
  if (parsed.values.browser === true) return benchInBrowser(only, quick, json);
  const chosen = only ? workloads.filter((w) => only.includes(w.id)) : workloads;
  const reactive = !only || only.includes("reactive");
  const training = !only || only.includes("training");
  const grading = !only || only.includes("grading");
  const cli = !only || only.includes("cli");
  if (chosen.length === 0 && !reactive && !training && !grading && !cli)
    return usageError(SPEC, `no workload named ${only!.join(",")} (have ${workloads.map((w) => w.id).join(", ")}, reactive, training, grading, cli)`);
  // --quick: one timed run per cell, to check the command works; its figures mean little.
  const timing = quick ? { minRuns: 1, budgetMs: 0 } : { minRuns: 5, budgetMs: 1500 };
  const tfjs = chosen.length ? await loadTfjs().catch((error: NodeJS.ErrnoException) => error) : { tf: undefined, backends: [] };
  if (tfjs instanceof Error) {
    console.error(
      `bench: the convolution workloads compare with TensorFlow.js, which is not installed here (${tfjs.message.split("\n")[0]}).\n` +
        "Install @tensorflow/tfjs-core, @tensorflow/tfjs-backend-cpu and @tensorflow/tfjs-backend-wasm (development dependencies of a scanbook checkout), or run --only reactive,training,grading,cli",
    );
    return 2;
  }
  const { tf, backends } = tfjs;
  // Ours first (the WebAssembly kernels, then the TypeScript reference): every ratio is the WebAssembly backend's.
  const ours = Object.keys(SCANBOOK_BACKENDS) as Array<keyof typeof SCANBOOK_BACKENDS>;
  if (chosen.length && !(await wasmReady)) console.error(`bench: ${wasmUnavailable()}; scanbook-wasm falls back to the reference`);
  // The engine's kernel threads, as its worker starts them: one per other core.
  const threads = chosen.length || training ? await startKernelThreads() : undefined;
  const engines: string[] = [...ours, ...backends.map((b) => `tfjs-${b}`)];
  const ceiling = chosen.length ? measureCeiling(quick) : null;
  const threadCount = threads?.count ?? 1;
  const rows: Row[] = [];
  for (const w of chosen) {
    for (const pass of passes) {
      const flops = 2 * multiplyAdds(w);
      const ms: Record<string, number | null> = {};
      for (const e of ours) {
        // scanbook-wasm-1t: the same kernels without their threads.
        useKernelThreads(e === "scanbook-wasm" ? threads : undefined);
        ms[e] = medianMs(scanbookPass(w, pass, SCANBOOK_BACKENDS[e]), timing);
      }
      useKernelThreads(undefined);
      for (const backend of backends) {
        await tf!.setBackend(backend);
        const run = tfjsPass(tf!, w, pass);
        ms[`tfjs-${backend}`] = run ? medianMs(run, timing) : null;
        tf!.disposeVariables();
      }
      const gflops = Object.fromEntries(engines.map((e) => [e, ms[e] === null ? null : round(flops / (ms[e]! * 1e6), 3)]));
      const speedup = Object.fromEntries(engines.slice(1).map((e) => [e, ms[e] === null ? null : round(ms[e]! / ms["scanbook-wasm"]!, 2)]));
      const share = (e: string, cores: number) => (ceiling && gflops[e] !== null ? round(gflops[e]! / (ceiling.gflopsPerCore * cores), 3) : null);
      const ceilingShare = { threads: share("scanbook-wasm", threadCount), oneThread: share("scanbook-wasm-1t", 1) };
      rows.push({ workload: w.id, label: w.label, pass, ms: Object.fromEntries(engines.map((e) => [e, ms[e] === null ? null : round(ms[e]!, 3)])), gflops, speedup, ceilingShare });
      if (!json) process.stderr.write(".");
    }
  }
  if (!json) process.stderr.write("\n");
  const edits = quick ? 10 : 200;
  const reactiveRows = reactive ? await reactiveBench(edits) : [];
  const trainingReport: TrainingReport | null = training ? await trainingBench(quick, threads) : null;
  const gradingReport: GradingReport | null = grading ? await gradingBench(quick) : null;
  const cliRows: CliRow[] = cli ? cliBench(quick) : [];
  const largest = [...chosen].sort((a, b) => multiplyAdds(b) - multiplyAdds(a))[0];
  const breakdown = largest && !quick ? forwardBreakdown(largest) : null;
  if (rows.length) printTable(rows, engines, ceiling, threadCount);
  if (breakdown && largest) printBreakdown(breakdown, largest, ceiling);
  if (reactiveRows.length) printReactive(reactiveRows, edits);
  if (trainingReport) printTraining(trainingReport);
  if (gradingReport) printGrading(gradingReport);
  if (cliRows.length) printCli(cliRows);
  if (json) {
    console.log(
      JSON.stringify({
        engines,
        unit: { ms: "median milliseconds", gflops: "2 x multiply-adds / time", speedup: "their ms / our ms" },
        ceiling: ceiling ? { ...ceiling, threads: threadCount } : null,
        rows,
        breakdown,
        reactive: { edits, unit: "ms from applying an edit of a weight cell to settled; ratio = edit median / full re-run median", rows: reactiveRows },
        training: trainingReport,
        grading: gradingReport,
        cli: cliRows,
      }),
    );
  }
  await threads?.stop();
  return 0;
}

/** Where the time of the largest workload's forward pass goes, on one thread. */
function printBreakdown(b: Breakdown, w: Workload, ceiling: Ceiling | null): void {
  const total = b.copies + b.layout + b.kernel;
  const part = (ms: number) => `${ms.toFixed(3)} ms (${((100 * ms) / total).toFixed(0)}%)`;
  const kernelGflops = (2 * multiplyAdds(w)) / (b.kernel * 1e6);
  const share = ceiling ? `, ${((100 * kernelGflops) / ceiling.gflopsPerCore).toFixed(0)}% of one core's ceiling` : "";
  console.log("");
  console.log(`where the time goes: (${w.id}) forward on one thread, ${total.toFixed(3)} ms in all`);
  console.log(`  kernel (direct convolution, 4 channels x 8 positions in registers): ${part(b.kernel)}, ${kernelGflops.toFixed(1)} GFLOP/s${share}`);
  console.log(`  layout (zero padding and the stride's phase split, per sample): ${part(b.layout)}`);
  console.log(`  copies (input into the kernels' memory, output out of it): ${part(b.copies)}`);
  console.log("  (no im2col and no packing: the kernel reads the padded planes in place)");
}

/** `bench --browser`: the forward workloads in Chromium's Web Workers, ours against tfjs-wasm. */
async function benchInBrowser(only: string[] | null, quick: boolean, json: boolean): Promise<number> {
  const ids = only ? only.filter((id) => workloads.some((w) => w.id === id)) : null;
  if (ids && ids.length === 0) return usageError(SPEC, `--browser times the convolution workloads (${workloads.map((w) => w.id).join(", ")}), not ${only!.join(",")}`);
  let report: BrowserReport;
  let pages: Awaited<ReturnType<typeof import("../bench/page_open.ts").pageOpenBench>>;
  try {
    const { browserBench } = await import("../bench/browser_bench.ts");
    report = await browserBench(ids, quick);
    const { pageOpenBench, printPageOpen } = await import("../bench/page_open.ts");
    pages = await pageOpenBench(quick);
    printBrowser(report);
    printPageOpen(pages);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  if (json) console.log(JSON.stringify({ browser: { ...report, pages } }));
  return 0;
}

function printReactive(rows: ReactiveRow[], edits: number): void {
  console.log("");
  console.log(`reactive: LeNet notebook, engine in a worker thread, ${edits} edits each (target: p95 under 4 ms)`);
  const header = ["edit", "median ms", "p95 ms", "full re-run ms", "edit / full"];
  const lines = rows.map((r) => [r.edit, r.medianMs.toFixed(2), r.p95Ms.toFixed(2), r.fullMedianMs.toFixed(2), r.ratio.toFixed(2)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cols: string[]) => cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(format(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const l of lines) console.log(format(l));
}

function printTable(rows: Row[], engines: string[], ceiling: Ceiling | null, threadCount: number): void {
  if (ceiling) {
    console.log(
      `ceiling: ${ceiling.gflopsPerCore.toFixed(1)} GFLOP/s per core, measured now (WebAssembly SIMD ${ceiling.fusedMultiplyAdd ? "fused multiply-add" : "multiply then add"} on registers only); ${threadCount} thread(s)`,
    );
  }
  const others = engines.slice(1);
  const percent = (v: number | null) => (v === null ? "n/a" : `${(100 * v).toFixed(0)}%`);
  const header = ["workload", "pass", ...engines.map((e) => `${e} ms`), ...engines.map((e) => `${e} GFLOP/s`), ...others.map((e) => `x vs ${e}`), "% ceiling (threads)", "% ceiling (1t)"];
  const cell = (v: number | null) => (v === null ? "n/a" : String(v));
  const lines = rows.map((r) => [
    `(${r.workload}) ${r.label}`,
    r.pass,
    ...engines.map((e) => cell(r.ms[e])),
    ...engines.map((e) => cell(r.gflops[e])),
    ...others.map((e) => cell(r.speedup[e])),
    percent(r.ceilingShare.threads),
    percent(r.ceilingShare.oneThread),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cols: string[]) => cols.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(format(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const l of lines) console.log(format(l));
}
