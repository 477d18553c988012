/**
 * Messages between the engine's worker and the page, sent in batches: everything posted in one
 * synchronous stretch (a dozen cells queueing their ops after an edit; the responses of the
 * jobs one turn of the worker ran) goes as one message with all its transfers, instead of
 * one message each (a message costs about as much as a small layer's job).
 */
export function batchingPoster<T>(send: (items: T[], transfer: ArrayBuffer[]) => void): (item: T, transfer?: ArrayBuffer[]) => void {
  let items: T[] = [];
  let transfers: ArrayBuffer[] = [];
  const flush = () => {
    const batch = items,
      moved = transfers;
    items = [];
    transfers = [];
    send(batch, moved);
  };
  return (item, transfer) => {
    if (!items.length) queueMicrotask(flush);
    items.push(item);
    if (transfer?.length) transfers.push(...transfer);
  };
}

/** The messages of one batch (a lone message, from a sender that does not batch, as one). */
export const unbatch = <T>(data: T | T[]): T[] => (Array.isArray(data) ? data : [data]);
