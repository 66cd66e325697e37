import type { ServerResponse } from 'node:http';
import { StreamSink } from '../stream-sink';

/** unsent bytes a client may fall behind by before it is dropped (it reconnects with Last-Event-ID) */
export const MAX_UNSENT_BYTES = 256 * 1024;
/** a closed stream's last bytes get this long to leave before the socket is cut */
const CLOSE_GRACE_MS = 5_000;

/** A hijacked HTTP response as a stream sink: writes never wait, and a client that stops reading is dropped. */
export class HttpStreamSink implements StreamSink {
  private ended = false;
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly response: ServerResponse) {
    response.on('close', () => {
      this.ended = true;
      for (const listener of this.listeners.splice(0)) listener();
    });
    response.on('error', () => undefined); // a reset connection ends in 'close' as well
  }

  get closed(): boolean {
    return this.ended || this.response.destroyed;
  }

  write(chunk: string): boolean {
    if (this.closed) return false;
    if (this.response.writableLength > MAX_UNSENT_BYTES) return false;
    this.response.write(chunk);
    return true;
  }

  drained(): Promise<void> {
    if (this.closed || !this.response.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.response.off('drain', done);
        this.response.off('close', done);
        resolve();
      };
      this.response.on('drain', done);
      this.response.on('close', done);
    });
  }

  close(): void {
    if (this.closed) return;
    this.ended = true;
    this.response.end();
    const cut = setTimeout(() => this.response.destroy(), CLOSE_GRACE_MS);
    cut.unref();
    this.response.once('close', () => clearTimeout(cut));
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.listeners.push(listener);
  }
}
