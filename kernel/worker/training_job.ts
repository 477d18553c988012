import type { Tensor } from "../tensor/tensor.ts";
import { Fit } from "../tensor/training/fit.ts";
import { graphTo, type GraphNode } from "../tensor/training/graph.ts";
import type { ProgressResponse, TrainRequest } from "./protocol.ts";
import type { TensorStore } from "./tensor_store.ts";

/**
 * A training job in the worker: the graph of the notebook's loss, read from the tensor store,
 * fitted one step at a time so that other jobs, pauses and cancels get in between steps.
 */
export class TrainingJob {
  paused = false;
  private readonly fit: Fit;
  private readonly validation?: { x: Tensor; y: Tensor };
  private lastPost = 0;
  private readonly started = performance.now();

  constructor(
    readonly request: TrainRequest,
    private readonly store: TensorStore,
  ) {
    const who = `train "${request.label}"`;
    const value = (id: number, what: string): Tensor => {
      const node = store.get(id);
      if (!node) throw new Error(`${who}: ${what} is no longer in the engine`);
      if (node.error !== undefined) throw new Error(node.error);
      return node.output!;
    };
    const nodeOf = (id: number): GraphNode | undefined => {
      const node = store.get(id);
      return node?.op ? { id, op: node.op, inputs: node.inputs, options: node.options } : undefined;
    };
    const graph = graphTo(request.loss, nodeOf);
    const leaves = new Set(graph.nodes.flatMap((n) => Object.values(n.inputs)).filter((id) => !nodeOf(id)));
    const buffers = request.buffers ?? [];
    for (const [id, what] of [
      [request.input, "the input"],
      [request.target, "the target"],
      ...request.params.map((p) => [p, "a parameter"] as const),
      ...buffers.map((b) => [b, "a buffer"] as const),
    ] as const) {
      if (!leaves.has(id)) throw new Error(`${who}: ${what} ("${store.get(id)?.label ?? id}") is not a tensor the loss is computed from`);
    }
    const special = new Set([request.input, request.target, ...request.params, ...buffers]);
    this.fit = new Fit(graph, {
      ...request.options,
      inputLeaf: request.input,
      targetLeaf: request.target,
      x: value(request.x, "the training inputs"),
      y: value(request.y, "the training targets"),
      params: new Map(request.params.map((id) => [id, value(id, "a parameter")])),
      buffers: new Map(buffers.map((id) => [id, value(id, "a buffer")])),
      constants: new Map([...leaves].filter((id) => !special.has(id)).map((id) => [id, value(id, "a fixed tensor")])),
      scores: request.scores,
    });
    if (request.validation) this.validation = { x: value(request.validation.x, "the validation inputs"), y: value(request.validation.y, "the validation targets") };
  }

  /** One step; a progress report when one is due (epoch end, done, or 100 ms since the last). */
  step(): ProgressResponse | null {
    const p = this.fit.run();
    const now = performance.now();
    if (!p.epochEnded && now - this.lastPost < 100) return null;
    this.lastPost = now;
    let snapshot: number[] | null = null,
      validation: ProgressResponse["validation"] = null;
    if (p.epochEnded) {
      // The parameters, then the buffers, as of this epoch's end, under ids the client reserved.
      const { snapshotIds, label } = this.request;
      const kept = [...this.request.params, ...(this.request.buffers ?? [])];
      snapshot = kept.map((_id, k) => snapshotIds + p.epoch * kept.length + k);
      snapshot.forEach((id, k) => {
        const source = this.store.get(kept[k]);
        const output = this.fit.params.get(kept[k]) ?? this.fit.buffers.get(kept[k])!;
        this.store.add({ id, label: `${label}: ${source?.label ?? "parameter"} after epoch ${p.epoch + 1}`, inputs: {}, options: {}, output });
      });
      if (this.validation) validation = this.fit.evaluate(this.validation.x, this.validation.y);
    }
    return {
      type: "progress",
      job: this.request.job,
      epoch: p.epoch,
      step: p.step,
      stepsPerEpoch: p.stepsPerEpoch,
      epochs: this.request.options.epochs,
      loss: p.loss,
      accuracy: p.accuracy,
      recent: p.recent,
      epochEnded: p.epochEnded,
      done: p.done,
      paused: this.paused,
      validation,
      snapshot,
      ms: now - this.started,
    };
  }

  get done(): boolean {
    return this.fit.done;
  }
}
