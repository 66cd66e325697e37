/** A pipeline's replies as ioredis and BullMQ's client give them: `[error, result]` per command, in order. */
export type PipelineReplies = ReadonlyArray<[Error | null, unknown]> | null;

/**
 * Which of `ids` exist, read from the replies of one EXISTS per id pipelined in the same order; a failed command
 * throws its error.
 */
export function existingAmong<T>(ids: readonly T[], replies: PipelineReplies): Set<T> {
  const present = new Set<T>();
  (replies ?? []).forEach(([err, n], i) => {
    if (err) throw err;
    if (n === 1) present.add(ids[i]);
  });
  return present;
}
