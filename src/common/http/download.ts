import { StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';

/** Stored bytes a route hands out as a file. */
export interface Download {
  stream: Readable;
  sizeBytes: number;
  contentType: string;
  /** the whole Content-Disposition header */
  disposition: string;
}

/** Sends stored bytes as a download: never sniffed by the browser (nosniff), never kept by a cache. */
export function download(reply: FastifyReply, file: Download): StreamableFile {
  void reply.headers({
    'content-type': file.contentType,
    'content-length': String(file.sizeBytes),
    'content-disposition': file.disposition,
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
  });
  return new StreamableFile(file.stream);
}

/** Sends a mail as it was fetched (`message/rfc822`) as `<name>.eml`. */
export const emlDownload = (
  reply: FastifyReply,
  mail: { stream: Readable; sizeBytes: number },
  name: string,
): StreamableFile =>
  download(reply, {
    ...mail,
    contentType: 'message/rfc822',
    disposition: `attachment; filename="${name}.eml"`,
  });
