import type { Readable } from 'node:stream';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../../../common/errors/domain-errors';
import { INBOUND_MAIL_MAX_BYTES, InboundEmailService } from '../inbound-email.service';
import { routeOf } from '../../../common/http/route-of';

export const RFC822 = 'message/rfc822';
/** Route config (`@RouteConfig`) that marks the inbound email route for the hook below. */
export const INBOUND_EMAIL_ROUTE = { inboundEmail: true } as const;

const isInboundRoute = (request: FastifyRequest): boolean => routeOf(request).config?.inboundEmail === true;

/**
 * The inbound email route's transport, in Fastify's request lifecycle:
 * - an `onRequest` hook checks `X-Inbound-Secret` (503 unset, 401 missing or wrong) and a declared Content-Length
 *   over INBOUND_MAIL_MAX_BYTES (413) before a byte of the body is read, so an unauthenticated client cannot make
 *   the service read, buffer or parse anything;
 * - `message/rfc822` bodies are handed to the handler as the request stream, unread: the service parses the mail as
 *   it arrives, with its own size cap for bodies sent without a Content-Length.
 */
@Injectable()
export class InboundEmailHttp implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly inbound: InboundEmailService,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as FastifyAdapter | undefined;
    if (!adapter || typeof adapter.useBodyParser !== 'function') return; // no HTTP server (the worker)
    const fastify = adapter.getInstance();
    fastify.addContentTypeParser(RFC822, (request: FastifyRequest, payload: Readable, done) => {
      if (isInboundRoute(request)) done(null, payload);
      else
        done(
          new UnsupportedMediaTypeError(`${RFC822} is accepted only by the inbound email route`),
          undefined,
        );
    });
    fastify.addHook('onRequest', (request, _reply, done) => {
      if (!isInboundRoute(request)) return done();
      try {
        this.check(request);
        done();
      } catch (err) {
        done(err as Error);
      }
    });
  }

  private check(request: FastifyRequest): void {
    const secret = request.headers['x-inbound-secret'];
    this.inbound.authenticate(typeof secret === 'string' ? secret : undefined);
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > INBOUND_MAIL_MAX_BYTES)
      throw new PayloadTooLargeError(`The mail is larger than ${INBOUND_MAIL_MAX_BYTES} bytes`);
  }
}
