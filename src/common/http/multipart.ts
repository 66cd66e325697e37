import type { Readable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { safeError } from '../../infrastructure/logging/safe-error';
import { DomainError, ValidationFailedError } from '../errors/domain-errors';
import { offDatabaseTime } from '../request-context';
import { wellFormed, wellFormedJson } from '../text/well-formed';
import { jsonValueNestsDeeperThan, MAX_JSON_BODY_DEPTH, tooDeeplyNested } from './json-limits';

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
 * A part's names and field value as well-formed text: an RFC 5987 filename (`filename*=utf-16le''%00%D8`) or a field
 * may decode to a lone surrogate, which becomes U+FFFD as in JSON bodies (see wellFormedJson). A field sent as
 * `Content-Type: application/json` arrives parsed, with no bound on its depth: one nesting deeper than a JSON body may
 * is refused with the same 400.
 */
function wellFormedPart<T>(part: T): T {
  if (part === null || typeof part !== 'object') return part;
  const fields = part as { fieldname?: unknown; filename?: unknown; value?: unknown };
  if (typeof fields.fieldname === 'string') fields.fieldname = wellFormed(fields.fieldname);
  if (typeof fields.filename === 'string') fields.filename = wellFormed(fields.filename);
  if (!('value' in fields)) return part;
  if (jsonValueNestsDeeperThan(fields.value, MAX_JSON_BODY_DEPTH)) {
    throw tooDeeplyNested(typeof fields.fieldname === 'string' ? fields.fieldname : 'body');
  }
  fields.value = wellFormedJson(fields.value);
  return part;
}

const logger = new Logger('Multipart');

/**
 * Reading a part the parser delivered: a domain error keeps its status, anything else is a 400 naming the part (the
 * client's part is what could not be read), logged as a warning since it may as well be a fault here.
 */
function readPart<T>(part: T): T {
  try {
    return wellFormedPart(part);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    logger.warn({ err: safeError(err) }, 'A multipart part could not be read: answered 400');
    const name = (part as { fieldname?: unknown } | null)?.fieldname;
    throw new ValidationFailedError('The multipart body is malformed', [
      { field: typeof name === 'string' ? name : 'body', message: 'could not be read' },
    ]);
  }
}

/**
 * Steps a multipart iterator, turning a parse failure into the client's 400. Waiting for the client to send the next
 * part is no database time (see offDatabaseTime).
 */
export function nextPart<T>(parts: AsyncIterator<T>): Promise<IteratorResult<T>> {
  return offDatabaseTime(() => parts.next()).then(
    (next) => (next.done ? next : { done: false, value: readPart(next.value) }),
    (err: unknown) => {
      throw asMalformedMultipart(err);
    },
  );
}
