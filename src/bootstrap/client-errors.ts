import { randomUUID } from 'node:crypto';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError } from 'fastify';
import { errorBody } from '../common/http/envelope';
import { ErrorCode } from '../common/errors/error-codes';

/** Which answer a request that Node's HTTP parser refused gets, before any route or hook could run. */
export function clientErrorAnswer(err: ConnectionError): { status: number; message: string } {
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    // Node's limit covers the request line and the headers together: a request line that takes half of it (or
    // never ends) means the URL is what was too long
    const raw: unknown = err.rawPacket; // typed as its JSON form, a Buffer at run time
    const head = Buffer.isBuffer(raw) ? raw.toString('latin1') : '';
    const lineEnd = head.indexOf('\n');
    const requestLine = lineEnd < 0 ? head.length : lineEnd;
    return lineEnd < 0 || requestLine > maxHeaderSize / 2
      ? { status: 414, message: 'The URL is too long' }
      : { status: 431, message: 'The request headers are too large' };
  }
  if (err.code === 'HPE_URI_TOO_LONG') return { status: 414, message: 'The URL is too long' };
  return { status: 400, message: 'The request could not be parsed' };
}

/**
 * Fastify's clientErrorHandler: malformed requests, over-long URLs (414) and over-large headers (431) are refused
 * by Node before Fastify sees a request, so they are answered here, on the raw socket, in the envelope.
 */
export function answerClientError(err: ConnectionError, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, message } = clientErrorAnswer(err);
  const requestId = randomUUID();
  const body = JSON.stringify(errorBody(requestId, ErrorCode.VALIDATION_ERROR, message));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestId}\r\n` +
      'Cache-Control: no-store\r\n' +
      'Connection: close\r\n\r\n' +
      body,
  );
}
