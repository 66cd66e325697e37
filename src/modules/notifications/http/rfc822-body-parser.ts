import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyAdapter } from '@nestjs/platform-fastify';

export const RFC822 = 'message/rfc822';
/** a whole mail with its attachments; each attachment still obeys ATTACHMENT_MAX_BYTES */
export const INBOUND_MAIL_MAX_BYTES = 25 * 1024 * 1024;

/** Lets Fastify accept `message/rfc822` bodies as a Buffer (only the inbound email route reads them). */
@Injectable()
export class Rfc822BodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as FastifyAdapter | undefined;
    if (!adapter || typeof adapter.useBodyParser !== 'function') return; // no HTTP server (the worker)
    adapter.useBodyParser(RFC822, false, { bodyLimit: INBOUND_MAIL_MAX_BYTES });
  }
}
