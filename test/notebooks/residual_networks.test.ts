import { describe, expect, it } from "vitest";
import type { TrainingState } from "../../cells/training.ts";
import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import { useSettledNotebook } from "../helpers/notebooks.ts";

const nb = useSettledNotebook("residual_networks.html");

type Norm = { network: string; layer: string; depth: number; norm: number };

describe("residual_networks.html", () => {
  it("runs with every cell ok", () => {
    expect(nb.failed()).toEqual([]);
  });

  it("draws each layer's gradient norm for both networks: the plain network's is hundreds of times smaller at every layer", () => {
    const norms = nb.value<Norm[]>("gradientNorms");
    const of = (network: string) => norms.filter((n) => n.network === network);
    const plain = of("plain"),
      residual = of("residual + batch norm");
    expect(plain.map((n) => n.layer)).toEqual(["stem", "c1", "c2", "c3", "c4", "c5", "c6", "head"]);
    expect(residual.map((n) => n.layer)).toEqual(plain.map((n) => n.layer));
    console.log(`residual_networks.html gradient norms, plain: ${plain.map((n) => n.norm.toExponential(1)).join(" ")}; residual: ${residual.map((n) => n.norm.toExponential(1)).join(" ")}`);
    for (let i = 0; i < 8; i++) expect(residual[i].norm, plain[i].layer).toBeGreaterThan(100 * plain[i].norm);
    const figure = nb.value<HTMLElement>("cell 19");
    expect(figure.querySelectorAll("svg [aria-label='line'] path").length).toBe(2); // a line per network
  });

  it("trains both in the worker: the residual network with batch norm learns the held-out digits, the plain one stays at chance", () => {
    const plain = nb.value<TrainingState>("plainFit"),
      residual = nb.value<TrainingState>("residualFit");
    expect(plain.status).toBe("done");
    expect(residual.status).toBe("done");
    console.log(`residual_networks.html held-out accuracy: plain ${plain.validation!.accuracy}, residual ${residual.validation!.accuracy}`);
    expect(residual.validation!.accuracy).toBeGreaterThanOrEqual(0.85); // measured 0.886
    expect(plain.validation!.accuracy).toBeLessThanOrEqual(0.2); // ten classes: chance is 0.1; measured 0.114
    expect(nb.value("heldOut")).toEqual({ plain: plain.validation!.accuracy, residual: residual.validation!.accuracy });
  });

  it("keeps batch norm's running statistics as buffers: trained ones come back and the last cells evaluate with them", () => {
    const residual = nb.value<TrainingState>("residualFit");
    expect(Object.keys(residual.buffers)).toHaveLength(14);
    expect(residual.buffers.m0.label).toBe("m0 after epoch 4");
    const maps = nb.value<LayerValue>("trainedMaps");
    // Evaluation mode: the trained statistics go in, and batch norm leaves them as they are.
    let v: LayerValue | undefined = maps;
    while (v && v.op !== "batch_norm") v = v.inputs.x ?? v.inputs.a;
    expect(v!.options.training).toBeUndefined();
    expect(Object.values(v!.inputs).some((input) => /^[mv]\d after epoch 4$/.test(input.label))).toBe(true);
  });

  it("marks every batch norm of the residual network as training in its summary", () => {
    const table = nb.value<HTMLElement>("cell 15");
    const ops = [...table.querySelectorAll("tbody tr")].map((tr) => tr.children[1].textContent);
    expect(ops.filter((op) => op === "batch_norm (train)")).toHaveLength(7);
    expect(ops.filter((op) => op === "add")).toHaveLength(3);
  });
});
