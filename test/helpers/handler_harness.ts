import type { Tensor } from "../../kernel/tensor/tensor.ts";
import type { CancelFlags } from "../../kernel/worker/cancellation.ts";
import { EngineHandler } from "../../kernel/worker/handler.ts";
import type { Request, Response } from "../../kernel/worker/protocol.ts";

/** A handler driven by hand: requests go in at once, queued jobs run only on pump(). */
export function harness(flags?: CancelFlags) {
  const responses: Response[] = [];
  const drains: Array<() => void> = [];
  const handler = new EngineHandler(
    (r) => responses.push(r),
    (d) => drains.push(d),
    flags,
  );
  let job = 1;
  const send = (r: Request) => handler.receive(r);
  return {
    handler,
    responses,
    pump() {
      while (drains.length) drains.shift()!();
    },
    /** Whether the handler has asked for no further turn (nothing queued, no training running). */
    idle() {
      return drains.length === 0;
    },
    /** Runs at most n turns of the handler (a training runs one step a turn). */
    turns(n: number) {
      for (let i = 0; i < n && drains.length; i++) drains.shift()!();
    },
    upload(id: number, t: Tensor) {
      const j = job++;
      send({ type: "upload", job: j, id, shape: [...t.shape], data: t.data.slice(), label: `t${id}` });
      return j;
    },
    run(id: number, op: string, inputs: Record<string, number>, options: Record<string, unknown> = {}) {
      const j = job++;
      send({ type: "run", job: j, id, op, inputs, options, label: `n${id}` });
      return j;
    },
    grad(id: number, loss: number, wrt: number) {
      const j = job++;
      send({ type: "grad", job: j, id, loss, wrt, label: `g${id}` });
      return j;
    },
    read(id: number) {
      const j = job++;
      send({ type: "read", job: j, id });
      return j;
    },
    send,
    response(j: number) {
      return responses.find((r) => r.job === j);
    },
  };
}
