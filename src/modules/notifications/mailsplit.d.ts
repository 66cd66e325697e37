/** The part of mailsplit (the MIME splitter under mailparser) that the inbound mail reader uses. */
declare module 'mailsplit' {
  import { Transform } from 'node:stream';

  export interface MimeNode {
    root: boolean;
    multipart: string | false;
    contentType: string | false;
    disposition: string | false;
    getHeaders(): Buffer;
  }

  /** `node` at each part's header, `body` for its content, `data` for what lies between parts (boundaries). */
  export type SplitterChunk =
    | (MimeNode & { type: 'node' })
    | { type: 'body'; value: Buffer; node: MimeNode }
    | { type: 'data'; value: Buffer };

  export class Splitter extends Transform {
    constructor(options?: { maxHeadSize?: number; maxChildNodes?: number });
  }
}
