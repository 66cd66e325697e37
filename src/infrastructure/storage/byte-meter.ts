import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

/** Raised inside the pipeline when the stream passes its limit; storage adapters turn it into a 413. */
export class TooLarge extends Error {}

/** True for our own limit and for @fastify/multipart's file-size limit. */
export const isTooLarge = (err: unknown): boolean =>
  err instanceof TooLarge || (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE';

/** A pass-through that counts and hashes the bytes and fails with TooLarge past `maxBytes`. */
export function byteMeter(maxBytes: number): { stream: Transform; sizeBytes(): number; sha256(): string } {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new TooLarge());
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { stream, sizeBytes: () => size, sha256: () => hash.digest('hex') };
}
