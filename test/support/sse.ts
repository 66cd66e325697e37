import { IncomingMessage, request } from 'node:http';

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
  /** when it arrived (Date.now()) */
  at: number;
}

/**
 * A real Server-Sent Events client over HTTP: parses the stream as EventSource does (id, event, data, comments) and
 * lets a test wait for events. No reconnects: a test reopens explicitly, with Last-Event-ID when it wants a replay.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  status = 0;
  headers: IncomingMessage['headers'] = {};
  /** the body of a refused request (the JSON envelope) */
  body = '';
  endedAt: number | null = null;
  private waiters: Array<() => void> = [];
  private response?: IncomingMessage;
  private buffer = '';
  private readonly ended: Promise<void>;
  private markEnded!: () => void;

  private constructor() {
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
  }

  /** Opens a stream; resolves once the response headers (or a refusal's whole body) arrived. */
  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
        client.response = res;
        client.status = res.statusCode ?? 0;
        client.headers = res.headers;
        res.setEncoding('utf8');
        const end = () => {
          if (client.endedAt === null) client.endedAt = Date.now();
          client.markEnded();
          client.notify();
        };
        res.on('end', end);
        res.on('close', end);
        res.on('error', end);
        if (client.status !== 200) {
          res.on('data', (chunk: string) => (client.body += chunk));
          res.on('end', () => resolve(client));
          return;
        }
        res.on('data', (chunk: string) => client.take(chunk));
        resolve(client);
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** Every event with its `data` parsed as JSON. */
  parsed(): Array<SseEvent & { json: { id: string; type: string; data: Record<string, any> } }> {
    return this.events.map((e) => ({ ...e, json: JSON.parse(e.data) }));
  }

  /** Resolves with the first event (already received or still to come) that matches. */
  async waitFor(match: (e: SseEvent & { json: any }) => boolean, timeoutMs = 15_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.parsed().find(match);
      if (found) return found;
      if (this.endedAt !== null) throw new Error('the stream ended before a matching event arrived');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no matching event arrived');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves when the server ends the stream, or rejects after `timeoutMs`. */
  async waitForEnd(timeoutMs = 15_000): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the stream did not end')), timeoutMs);
    });
    await Promise.race([this.ended, timeout]).finally(() => clearTimeout(timer));
    return this.endedAt!;
  }

  close(): void {
    this.response?.destroy();
  }

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private take(chunk: string): void {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event: SseEvent = { data: '', at: Date.now() };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('id:')) event.id = line.slice(3).trim();
        else if (line.startsWith('event:')) event.event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) {
        event.data = data.join('\n');
        this.events.push(event);
      }
    }
    this.notify();
  }
}
