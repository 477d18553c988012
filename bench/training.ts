import { readFileSync } from "node:fs";
import { mnistSplit } from "../cells/datasets/mnist.ts";
import { openHeadless } from "../kernel/dataflow/headless.ts";
import { randn } from "../kernel/tensor/random.ts";
import type { Tensor } from "../kernel/tensor/tensor.ts";
import { Fit } from "../kernel/tensor/training/fit.ts";
import { graphTo, type GraphNode } from "../kernel/tensor/training/graph.ts";
import { type KernelThreads, useKernelThreads } from "../kernel/tensor/wasm/parallel.ts";
import { medianMs } from "./workloads.ts";
import { scanbookLibrary } from "../cells/library.ts";

export interface TrainingReport {
  /** One SGD step (forward, backward, update) of the LeNet-size digits network on 32 digits, with the kernel threads as the engine runs it. */
  stepMs: number;
  /** The same step on one thread. */
  stepMs1t: number;
  digitsPerSecond: number;
  /** notebooks/digits.html run headless (engine in a worker thread): training time and held-out accuracy. */
  notebook: { trainingSeconds: number; totalSeconds: number; heldOutAccuracy: number } | null;
}

const scaled = (t: Tensor, s: number): Tensor => ({ shape: t.shape, data: t.data.map((v) => v * s) });

// The digits notebook's network: conv 6@5x5, relu, pool 2, conv 16@5x5, relu, pool 2, linear 120, relu, linear 10.
const NODES: GraphNode[] = [
  { id: 10, op: "conv2d", inputs: { x: 1, weight: 2, bias: 3 }, options: {} },
  { id: 11, op: "relu", inputs: { x: 10 }, options: {} },
  { id: 12, op: "max_pool2d", inputs: { x: 11 }, options: { kernelSize: 2 } },
  { id: 13, op: "conv2d", inputs: { x: 12, weight: 4, bias: 5 }, options: {} },
  { id: 14, op: "relu", inputs: { x: 13 }, options: {} },
  { id: 15, op: "max_pool2d", inputs: { x: 14 }, options: { kernelSize: 2 } },
  { id: 16, op: "flatten", inputs: { x: 15 }, options: {} },
  { id: 17, op: "linear", inputs: { x: 16, weight: 6, bias: 7 }, options: {} },
  { id: 18, op: "relu", inputs: { x: 17 }, options: {} },
  { id: 19, op: "linear", inputs: { x: 18, weight: 8, bias: 9 }, options: {} },
  { id: 20, op: "cross_entropy", inputs: { x: 19, target: 30 }, options: {} },
];

/**
 * Training speed: the median time of one step of the digits network, and (unless quick) the
 * whole digits notebook trained headless, as a reader would run it.
 */
export async function trainingBench(quick: boolean, threads: KernelThreads | undefined): Promise<TrainingReport> {
  const { train } = await mnistSplit({ train: 1024, test: 10, seed: 1 });
  const graph = graphTo(20, (id) => NODES.find((n) => n.id === id));
  const fit = new Fit(graph, {
    inputLeaf: 1,
    targetLeaf: 30,
    x: { shape: [1024, 1, 28, 28], data: train.x },
    y: { shape: [1024], data: train.y },
    scores: 19,
    params: new Map([
      [2, scaled(randn([6, 1, 5, 5], { seed: 2 }), 0.2)],
      [3, randn([6], { seed: 3 })],
      [4, scaled(randn([16, 6, 5, 5], { seed: 3 }), 0.08)],
      [5, randn([16], { seed: 5 })],
      [6, scaled(randn([120, 256], { seed: 4 }), 0.06)],
      [7, randn([120], { seed: 7 })],
      [8, scaled(randn([10, 120], { seed: 5 }), 0.09)],
      [9, randn([10], { seed: 9 })],
    ]),
    lr: 0.02,
    momentum: 0.9,
    batchSize: 32,
    epochs: 1000,
    seed: 1,
  });
  const step = (t: KernelThreads | undefined) => {
    useKernelThreads(t);
    try {
      return medianMs(() => fit.run(), quick ? { minRuns: 1, budgetMs: 0 } : { minRuns: 10, budgetMs: 3000 });
    } finally {
      useKernelThreads(undefined);
    }
  };
  const stepMs = step(threads),
    stepMs1t = step(undefined);
  let notebook: TrainingReport["notebook"] = null;
  if (!quick) {
    const started = performance.now();
    const kernel = openHeadless(readFileSync(new URL("../notebooks/digits.html", import.meta.url), "utf8"), { library: scanbookLibrary });
    try {
      await kernel.settled();
      const cell = (name: string) => kernel.cells().find((c) => c.name === name)?.value;
      const state = cell("fit") as { ms: number };
      notebook = { trainingSeconds: state.ms / 1000, totalSeconds: (performance.now() - started) / 1000, heldOutAccuracy: cell("heldOutAccuracy") as number };
    } finally {
      kernel.dispose();
    }
  }
  return { stepMs, stepMs1t, digitsPerSecond: 32000 / stepMs, notebook };
}

export function printTraining(r: TrainingReport): void {
  console.log("");
  console.log("training: LeNet-size digits network (notebooks/digits.html), SGD with momentum, batches of 32");
  console.log(`  one step (forward, backward, update): median ${r.stepMs.toFixed(1)} ms, ${Math.round(r.digitsPerSecond)} digits/s (${r.stepMs1t.toFixed(1)} ms on one thread)`);
  if (r.notebook) {
    console.log(
      `  digits.html headless: ${r.notebook.trainingSeconds.toFixed(1)} s of training in the worker (${r.notebook.totalSeconds.toFixed(1)} s in all), held-out accuracy ${(100 * r.notebook.heldOutAccuracy).toFixed(2)}%`,
    );
  }
  console.log("  (no tfjs column: tfjs-core's Node bundle registers no gradients, so it cannot train here)");
}
