/**
 * The part of autocannon's programmatic API the bench uses (autocannon ships no type declarations, and the bench
 * adds no @types package for it). See https://github.com/mcollina/autocannon#programmatically.
 */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface RequestSpec {
      method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      /** called before each request is sent; returns the request to send */
      setupRequest?: (request: RequestSpec, context: Record<string, unknown>) => RequestSpec;
    }

    interface Options {
      url: string;
      connections?: number;
      /** seconds */
      duration?: number;
      pipelining?: number;
      /** seconds before a request counts as timed out */
      timeout?: number;
      requests?: RequestSpec[];
      title?: string;
      /** requests per second over all connections (no cap when unset) */
      overallRate?: number;
    }

    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total?: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
    }

    interface Result {
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      resets: number;
      '2xx': number;
      statusCodeStats: Record<string, { count: number }>;
      latency: Histogram;
      requests: Histogram & { sent: number };
      throughput: Histogram;
    }

    interface Instance extends EventEmitter, PromiseLike<Result> {
      stop(): void;
      on(
        event: 'response',
        listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void,
      ): this;
      on(event: string, listener: (...args: unknown[]) => void): this;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
