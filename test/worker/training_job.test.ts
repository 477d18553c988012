import { describe, expect, it } from "vitest";
import { randn } from "../../kernel/tensor/random.ts";
import { bars } from "../helpers/bars.ts";
import type { Tensor } from "../../kernel/tensor/tensor.ts";
import type { ProgressResponse, Response, TrainRequest } from "../../kernel/worker/protocol.ts";
import { harness } from "../helpers/handler_harness.ts";

const scaled = (t: Tensor, s: number): Tensor => ({ shape: t.shape, data: t.data.map((v) => v * s) });

/** The network on a sample batch, as a notebook's cells would make it, then a train request. */
function setup(epochs = 6) {
  const h = harness();
  const train = bars(96, 1),
    val = bars(64, 2);
  h.upload(1, { shape: [4, 1, 8, 8], data: train.x.data.slice(0, 256) }); // sample batch x
  h.upload(2, scaled(randn([4, 1, 3, 3], { seed: 2 }), 0.3));
  h.upload(3, scaled(randn([2, 4], { seed: 4 }), 0.3));
  h.upload(4, { shape: [4], data: train.y.data.slice(0, 4) }); // sample targets
  h.run(10, "conv2d", { x: 1, weight: 2 });
  h.run(11, "relu", { x: 10 });
  h.run(12, "max_pool2d", { x: 11 }, { kernelSize: 6 });
  h.run(13, "flatten", { x: 12 });
  h.run(14, "linear", { x: 13, weight: 3 });
  h.run(15, "cross_entropy", { x: 14, target: 4 });
  h.upload(20, train.x);
  h.upload(21, train.y);
  h.upload(22, val.x);
  h.upload(23, val.y);
  h.pump();
  const request: TrainRequest = {
    type: "train",
    job: 100,
    loss: 15,
    params: [2, 3],
    input: 1,
    target: 4,
    x: 20,
    y: 21,
    scores: 14,
    validation: { x: 22, y: 23 },
    options: { lr: 0.1, momentum: 0.9, batchSize: 8, epochs, seed: 5 },
    snapshotIds: 1000,
    label: "fit",
  };
  return { h, request };
}
/** How the training job ended (its one response that is not progress). */
const endOf = (responses: Response[]) => responses.find((r) => r.job === 100 && r.type !== "progress");
const progressOf = (responses: Response[]) => responses.filter((r): r is ProgressResponse => r.type === "progress" && r.job === 100);

describe("a training job in the handler", () => {
  it("trains the notebook's graph on batches of the data; each epoch stores a snapshot; validation accuracy reaches 95%", () => {
    const { h, request } = setup();
    h.send(request);
    h.pump();
    const epochs = progressOf(h.responses).filter((p) => p.epochEnded);
    expect(epochs.map((p) => p.epoch)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(epochs.at(-1)!.done).toBe(true);
    expect(epochs.at(-1)!.validation!.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(epochs.at(-1)!.loss).toBeLessThan(epochs[0].loss);
    expect(epochs[2].snapshot).toEqual([1004, 1005]);
    expect(h.handler.store.get(1005)!.output!.shape).toEqual([2, 4]);
    expect(endOf(h.responses)).toMatchObject({ type: "done" });
    // The notebook's own weight is left as it was: training works on copies.
    expect(Array.from(h.handler.store.get(2)!.output!.data)).toEqual(Array.from(scaled(randn([4, 1, 3, 3], { seed: 2 }), 0.3).data));
  });

  it("lets other jobs in between its steps, pauses, resumes and stops on cancel", () => {
    const { h, request } = setup(50);
    h.send(request);
    h.turns(3); // the train request, then two steps
    const read = h.read(2);
    h.turns(1);
    expect(h.response(read)?.type).toBe("data"); // served before the next step
    h.send({ type: "train-control", job: 100, action: "pause" });
    h.turns(1); // the turn already asked for finds nothing to run
    expect(h.idle()).toBe(true); // paused: the handler asks for no more turns
    h.send({ type: "train-control", job: 100, action: "resume" });
    expect(h.idle()).toBe(false);
    h.turns(30);
    h.send({ type: "cancel", jobs: [100] });
    h.pump();
    expect(endOf(h.responses)).toEqual({ type: "cancelled", job: 100 });
    expect(progressOf(h.responses).some((p) => p.done)).toBe(false);
  });

  it("fails with a clear message when the input is not a leaf of the loss's graph", () => {
    const { h, request } = setup();
    h.send({ ...request, input: 20 });
    h.pump();
    expect(endOf(h.responses)).toMatchObject({ type: "error", message: 'train "fit": the input ("t20") is not a tensor the loss is computed from' });
  });
});
