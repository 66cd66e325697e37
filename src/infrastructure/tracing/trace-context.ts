import type { Telemetry } from 'bullmq';

/** A W3C trace context as headers carry it. */
export type TraceCarrier = Record<string, string>;

/** What the OpenTelemetry setup offers the rest of the code; absent (and nothing of OpenTelemetry loaded) when off. */
export interface TracingHooks {
  /** the active trace context, to carry it where async context cannot go (an outbox row) */
  carrier(): TraceCarrier | null;
  /** BullMQ's telemetry: spans around enqueue and processing, the context carried in each job */
  bullmq: Telemetry;
  /** sends what is buffered and stops */
  shutdown(): Promise<void>;
}

let hooks: TracingHooks | undefined;

export const installTracingHooks = (installed: TracingHooks): void => {
  hooks = installed;
};

export const tracingEnabled = (): boolean => hooks !== undefined;

/** The current trace context, or null when tracing is off or nothing is being traced. */
export const currentTraceCarrier = (): TraceCarrier | null => hooks?.carrier() ?? null;

export const bullmqTelemetry = (): Telemetry | undefined => hooks?.bullmq;

/** Flushes buffered spans; a no-op when tracing is off. Never throws: losing spans must not fail a shutdown. */
export const shutdownTracing = async (): Promise<void> => {
  await hooks?.shutdown().catch(() => undefined);
};
