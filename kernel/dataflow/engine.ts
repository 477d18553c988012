import { getOp, isOpName } from "../tensor/ops/index.ts";
import { formatShape, type Tensor } from "../tensor/tensor.ts";
import { EngineClient, type Spawn } from "../worker/client.ts";
import type { JobId } from "../worker/protocol.ts";
import type { JobTicket } from "../worker/client.ts";
import { LayerValue, layerValuesIn } from "./layer_value.ts";
import { checkBudget, DEFAULT_TENSOR_BUDGET_BYTES } from "./tensor_budget.ts";

/**
 * One run of a cell's definition. Jobs started during it are its own: their time is its
 * job time, and when the runtime invalidates the run (an edit upstream, the cell redefined),
 * those still queued or running are cancelled.
 */
export class Run {
  readonly jobs = new Set<JobId>();
  alive = true;
  private controller?: AbortController;
  /**
   * Aborted when the run is retired: work outside the engine (a check's worker) stops with it.
   * Made when first asked for (few runs need one, and aborting one costs a DOMException).
   */
  get retired(): AbortController {
    this.controller ??= new AbortController();
    if (!this.alive && !this.controller.signal.aborted) this.controller.abort();
    return this.controller;
  }
  constructor(
    readonly label: string,
    readonly onJobTime: (ms: number) => void,
  ) {}

  /** The run is over (its cell was invalidated): what it started outside the engine stops. */
  retire(): void {
    this.alive = false;
    this.controller?.abort();
  }
}

/**
 * The main thread's face of the tensor engine for one notebook: makes layer values, dispatches
 * their jobs, and releases the tensors no cell holds.
 */
export class Engine {
  readonly client: EngineClient;
  /** The run whose definition is executing right now (synchronous part of a cell body). */
  current: Run | null = null;
  /** How often a training's state may change the cells that read it, between epoch ends (set by the kernel). */
  trainingRedrawMs = 0;
  /** The most bytes one tensor may take (set by the kernel from its options). */
  budgetBytes = DEFAULT_TENSOR_BUDGET_BYTES;
  private readonly live = new Set<LayerValue>();

  constructor(spawn: Spawn) {
    this.client = new EngineClient(spawn);
    this.client.onRestart(() => this.live.clear()); // their tensors died with the worker
  }

  private track(run: Run, ticket: JobTicket): Promise<void> {
    // A run already retired (its cell was edited while an await was pending): its work is moot.
    if (!run.alive) this.client.cancel([ticket.job]);
    else run.jobs.add(ticket.job);
    return ticket.done.then(
      (ms) => {
        run.jobs.delete(ticket.job);
        run.onJobTime(ms);
      },
      (error) => {
        run.jobs.delete(ticket.job);
        throw error;
      },
    );
  }

  private handle(run: Run, ticket: JobTicket, shape: readonly number[], op: string, options: Record<string, unknown>, inputs: Record<string, LayerValue>, info: LayerValue["info"]): LayerValue {
    const ready = this.track(run, ticket);
    ready.catch(() => {}); // reported through the cell that waits on it
    const value = new LayerValue(this.client, ticket.id, this.client.generation, shape, op, options, inputs, run.label, info, ready);
    this.live.add(value);
    return value;
  }

  private checkAlive(value: LayerValue, who: string, slot: string): void {
    if (value.generation !== this.client.generation) {
      throw new Error(`${who}: its input ${slot} ("${value.label}") was lost when the engine worker stopped; edit a cell to recompute`);
    }
  }

  /** Throws in the calling cell, before anything is allocated, for a tensor past the budget. */
  admit(shape: readonly number[], who: string): void {
    checkBudget(shape, who, this.budgetBytes);
  }

  /** A tensor made on the main thread, copied into the worker. */
  upload(run: Run, tensor: Tensor): LayerValue {
    const shape = [...tensor.shape];
    this.admit(shape, `tensor "${run.label}"`);
    const ticket = this.client.upload(shape, tensor.data, run.label);
    return this.handle(run, ticket, shape, "tensor", {}, {}, null);
  }

  /**
   * One op of the engine: shapes are checked here, synchronously; the values are computed in the
   * worker. `stateSlots` names inputs whose new values the op returns as its state (batch norm's
   * running statistics): they become the output's `state`, tensors of the input's shape.
   */
  apply(run: Run, op: string, inputs: Record<string, LayerValue | undefined>, options: Record<string, unknown>, stateSlots: readonly string[] = []): LayerValue {
    if (!isOpName(op)) throw new Error(`${op} "${run.label}": no such op in the engine`);
    const who = `${op} "${run.label}"`;
    const given: Record<string, LayerValue> = {};
    for (const [slot, value] of Object.entries(inputs)) {
      if (value === undefined) continue;
      this.checkAlive(value, who, slot);
      given[slot] = value;
    }
    const withName = { ...options, name: options.name ?? run.label };
    const info = getOp(op).infer(Object.fromEntries(Object.entries(given).map(([k, v]) => [k, v.shape])), withName);
    this.admit(info.shape, who);
    const ids = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, v.id]));
    const ticket = this.client.run(op, ids, withName, run.label, stateSlots);
    const value = this.handle(run, ticket, info.shape, op, withName, given, info);
    if (ticket.state) {
      const ready = ticket.done.then(() => {});
      ready.catch(() => {});
      value.state = Object.fromEntries(
        Object.entries(ticket.state).map(([slot, id]) => {
          const held = new LayerValue(this.client, id, this.client.generation, given[slot].shape, "tensor", {}, {}, run.label, null, ready);
          this.live.add(held);
          return [slot, held];
        }),
      );
    }
    return value;
  }

  /**
   * A handle for a tensor the worker made by itself under an id the client reserved (a
   * training job's parameter snapshot): already computed, released like any other.
   */
  adopt(id: number, shape: readonly number[], label: string): LayerValue {
    const value = new LayerValue(this.client, id, this.client.generation, shape, "tensor", {}, {}, label, null, Promise.resolve());
    this.live.add(value);
    return value;
  }

  /** The gradient of a scalar loss with respect to a tensor it depends on. */
  grad(run: Run, loss: LayerValue, wrt: LayerValue): LayerValue {
    const who = `grad "${run.label}"`;
    this.checkAlive(loss, who, "loss");
    this.checkAlive(wrt, who, "wrt");
    if (loss.size !== 1) {
      throw new Error(`${who}: expected a scalar loss, got ${formatShape(loss.shape)} from "${loss.label}" (reduce it to one number first)`);
    }
    const ticket = this.client.grad(loss.id, wrt.id, run.label);
    return this.handle(run, ticket, wrt.shape, "grad", {}, { loss, wrt }, null);
  }

  /** Long work still going (trainings): `settled()` waits for it to end too. */
  readonly background = new Set<Promise<unknown>>();

  /**
   * Counts a long job (a training) as the run's own, so invalidating the run stops it, and as
   * background work until `finished` settles.
   */
  own(run: Run, job: JobId, finished: Promise<unknown>): void {
    if (!run.alive) this.client.cancel([job]);
    else run.jobs.add(job);
    const until = finished
      .then(
        () => {},
        () => {},
      )
      .finally(() => {
        this.background.delete(until);
        run.jobs.delete(job);
      });
    this.background.add(until);
  }

  /** Cancels the jobs of a run the runtime invalidated; their results would never be shown. */
  retire(run: Run): void {
    run.retire();
    if (run.jobs.size) this.client.cancel([...run.jobs]);
    run.jobs.clear();
  }

  /**
   * Releases every tensor handle not held by one of the given values (the cells' current
   * values). Called when the notebook has settled, so nothing in flight is swept.
   */
  sweep(values: Iterable<unknown>): void {
    const held = new Set<LayerValue>();
    for (const value of values) layerValuesIn(value, held);
    const released: number[] = [];
    for (const value of this.live) {
      if (!held.has(value)) {
        this.live.delete(value);
        released.push(value.id);
      }
    }
    this.client.release(released);
  }

  /** Handles not yet released (for leak checks on the main thread). */
  get liveHandles(): number {
    return this.live.size;
  }

  close(): void {
    this.client.close();
  }
}
