import { afterEach, describe, expect, it } from "vitest";
import { getOp } from "../../kernel/tensor/ops/index.ts";
import { randn } from "../../kernel/tensor/random.ts";
import { EngineClient, EngineError } from "../../kernel/worker/client.ts";
import { inProcessSpawn } from "../../kernel/worker/in_process.ts";
import { nodeSpawn } from "../../kernel/worker/node_transport.ts";

const clients: EngineClient[] = [];
afterEach(() => {
  while (clients.length) clients.pop()!.close();
});
const open = (spawn = nodeSpawn) => {
  const c = new EngineClient(spawn);
  clients.push(c);
  return c;
};

describe("EngineClient", () => {
  it("turns a worker error into an error with the op's own message", async () => {
    const c = open();
    const x = randn([1, 3, 8, 8], { seed: 1 }),
      w = randn([2, 1, 3, 3], { seed: 2 });
    let direct = "";
    try {
      getOp("conv2d").forward({ x, weight: w }, { name: "conv1" });
    } catch (e) {
      direct = (e as Error).message;
    }
    expect(direct).toMatch(/^conv2d "conv1"/);
    const xi = c.upload([...x.shape], x.data.slice(), "x"),
      wi = c.upload([...w.shape], w.data.slice(), "w");
    const job = c.run("conv2d", { x: xi.id, weight: wi.id }, { name: "conv1" }, "conv1");
    const error = await job.done.then(
      () => null,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(EngineError);
    expect(error!.message).toBe(direct);
  });

  it("computes in a worker thread what the op computes on the main thread", async () => {
    const c = open();
    const x = randn([1, 2, 6, 6], { seed: 3 }),
      w = randn([3, 2, 3, 3], { seed: 4 });
    const xi = c.upload([...x.shape], x.data.slice(), "x"),
      wi = c.upload([...w.shape], w.data.slice(), "w");
    const y = c.run("conv2d", { x: xi.id, weight: wi.id }, { padding: 1 }, "y");
    await y.done;
    const got = await c.read(y.id);
    const want = getOp("conv2d").forward({ x, weight: w }, { padding: 1 }).output;
    expect(got.shape).toEqual(want.shape);
    expect(Array.from(got.data)).toEqual(Array.from(want.data));
    expect(await c.stats(y.id)).toEqual({
      min: Math.min(...want.data),
      max: Math.max(...want.data),
      mean: expect.closeTo(Array.from(want.data).reduce((a, b) => a + b, 0) / want.data.length, 5),
      nan: 0,
    });
  });

  for (const [kind, spawn] of [
    ["worker thread", nodeSpawn],
    ["in process", inProcessSpawn()],
  ] as const) {
    it(`fails the waiting jobs when the worker dies, then works with a new one (${kind})`, async () => {
      const c = open(spawn);
      const restarts: string[] = [];
      c.onRestart((reason) => restarts.push(reason));
      const x = randn([1, 1, 64, 64], { seed: 5 });
      const waiting = c.upload([...x.shape], x.data.slice(), "x");
      c.killWorker();
      const error = await waiting.done.then(
        () => null,
        (e: Error) => e,
      );
      expect(error?.message).toMatch(/^the engine worker stopped \(.+\); a new one has started: edit a cell to recompute$/);
      expect(restarts).toHaveLength(1);
      expect(c.generation).toBe(1);
      const again = c.upload([2], new Float32Array([1, 2]), "y");
      await again.done;
      expect(Array.from((await c.read(again.id)).data)).toEqual([1, 2]);
      expect(await c.count()).toBe(1);
    });
  }

  it("stops starting workers that die before they say anything, and says why", async () => {
    let spawned = 0;
    // A worker whose script cannot load: it fails at once, every time.
    const c = open(({ onExit }) => {
      spawned++;
      queueMicrotask(() => onExit("the worker failed to load"));
      return { post() {}, close() {} };
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(spawned).toBe(EngineClient.START_ATTEMPTS);
    const error = await c.upload([1], new Float32Array([1]), "x").done.then(
      () => null,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(EngineError);
    expect(error!.message).toBe("the engine worker could not start (the worker failed to load); reload the page to try again");
    expect(spawned).toBe(EngineClient.START_ATTEMPTS);
  });
});
