/**
 * Undo and redo over whole states (the notebook's cells): `push` the state a change replaces;
 * `undo` hands back the one before, remembering the current one for `redo`. A new change
 * forgets what could be redone, as editors do. At most `limit` states are kept.
 */
export class History<T> {
  private readonly past: T[] = [];
  private future: T[] = [];

  constructor(private readonly limit = 100) {}

  push(state: T): void {
    this.past.push(state);
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
  }

  undo(current: T): T | undefined {
    const previous = this.past.pop();
    if (previous !== undefined) this.future.push(current);
    return previous;
  }

  redo(current: T): T | undefined {
    const next = this.future.pop();
    if (next !== undefined) this.past.push(current);
    return next;
  }
}
