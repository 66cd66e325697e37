import type { Readable } from 'node:stream';
import { DomainError, ValidationFailedError } from '../errors/domain-errors';
import { offDatabaseTime } from '../request-context';

/**
 * The multipart parser (busboy, under @fastify/multipart) reports a body it cannot parse -- no or an empty boundary,
 * a missing closing boundary, a part cut off in its headers -- as a plain Error: that is the client's fault, a 400.
 * Errors the parser raises with a status of their own (limits: 413, a premature close: 400) and domain errors keep
 * theirs. `thrown` is what reached the caller when that differs from the parser's error (a consumer of the stream may
 * wrap it).
 */
export function asMalformedMultipart(parserError: unknown, thrown: unknown = parserError): unknown {
  if (thrown instanceof DomainError) return thrown;
  if (typeof (parserError as { statusCode?: unknown } | null)?.statusCode === 'number') return thrown;
  return new ValidationFailedError('The multipart body is malformed', [
    { field: 'body', message: 'is not well-formed multipart/form-data (boundary missing or body cut off)' },
  ]);
}

/**
 * Watches the stream of one file part: the parser reports a body cut off inside the file as an error of that stream.
 * The returned function gives the parser's error, if any, once the consumer has failed.
 */
export function watchPart(stream: Readable): () => unknown {
  let failed: unknown;
  stream.once('error', (err: unknown) => (failed = err));
  // when the whole body came in one chunk, the stream failed before anyone could listen
  return () => failed ?? stream.errored ?? undefined;
}

/**
 * Steps a multipart iterator, turning a parse failure into the client's 400. Waiting for the client to send the next
 * part is no database time (see offDatabaseTime).
 */
export function nextPart<T>(parts: AsyncIterator<T>): Promise<IteratorResult<T>> {
  return offDatabaseTime(() => parts.next()).catch((err: unknown) => {
    throw asMalformedMultipart(err);
  });
}
