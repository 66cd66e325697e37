import { FastifyOtelInstrumentation } from '@fastify/otel';
import { Attributes, Context, context, Link, propagation, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  Sampler,
  SamplingDecision,
  SamplingResult,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION, ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import { BullMQOtel } from 'bullmq-otel';
import { TraceSampling } from '../../config/trace-sampling';
import { installTracingHooks, TraceCarrier } from './trace-context';
import { redactUrl, SECRET_QUERY_PARAMETERS } from '../logging/redaction';

/** The signature parameters the HTTP instrumentation hides in outgoing URLs by default (replaced when a list is set). */
const CLIENT_QUERY_SECRETS = [
  'sig',
  'Signature',
  'AWSAccessKeyId',
  'X-Goog-Signature',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
];

export interface OtelSettings {
  serviceName: string;
  serviceVersion: string;
  protocol: 'http/protobuf' | 'http/json';
  sampling: TraceSampling;
}

/** probes and scrapes: every few seconds on every replica, never worth a trace */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/**
 * A trace starts at a request, a job being processed or a job being queued, never at background bookkeeping: BullMQ
 * wraps each poll of its workers in an internal span, which would otherwise make a trace a second per worker. Of
 * the traces that may start, `ratio` are kept, chosen by trace id (the same choice in every process).
 */
class NoInternalRoots implements Sampler {
  private readonly ratio: Sampler;

  constructor(ratio: number) {
    this.ratio = new TraceIdRatioBasedSampler(ratio);
  }

  shouldSample(
    ctx: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    if (kind === SpanKind.INTERNAL && !trace.getSpanContext(ctx))
      return { decision: SamplingDecision.NOT_RECORD };
    return this.ratio.shouldSample(ctx, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return `NoInternalRoots{${this.ratio.toString()}}`;
  }
}

/** OTEL_TRACES_SAMPLER's choice: parent-based by default, so a trace a caller keeps is kept whole. */
export function samplerFor(sampling: TraceSampling): Sampler {
  const root = new NoInternalRoots(sampling.ratio);
  return sampling.parentBased ? new ParentBasedSampler({ root }) : root;
}

/**
 * Starts the tracer provider (W3C traceparent propagation, OTLP over HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, read by
 * the exporter itself with OTEL_EXPORTER_OTLP_HEADERS) and the HTTP, Fastify, PostgreSQL and Redis
 * instrumentations. Must run before those modules are loaded: src/tracing.ts is the first import of each process.
 */
export function startOtel(settings: OtelSettings): void {
  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? ''),
        // `url.query` of incoming requests: the event stream's single-use token, hidden as in the access log
        redactedQueryParamsServer: [...SECRET_QUERY_PARAMETERS],
        // outgoing requests (webhook deliveries to URLs an admin chose): the library's list and the same names
        redactedQueryParams: [...CLIENT_QUERY_SECRETS, ...SECRET_QUERY_PARAMETERS],
      }),
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        ignorePaths: '/{health,metrics}/**',
        // its `url.path` is the whole URL, query included: the stream token hidden as in the access log
        requestHook: (span, request) => span.setAttribute(ATTR_URL_PATH, redactUrl(request.url) ?? ''),
      }),
      new PgInstrumentation({ requireParentSpan: true }),
      // the command's name only: its arguments carry queued jobs' data (mail bodies with reset and set-password
      // links, ticket text) and keys, none of which may leave the process in a span
      new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
    ],
  });
  const exporter = settings.protocol === 'http/json' ? new OtlpJsonExporter() : new OtlpProtobufExporter();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: settings.serviceName,
      [ATTR_SERVICE_VERSION]: settings.serviceVersion,
    }),
    sampler: samplerFor(settings.sampling),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register(); // async-local context, W3C trace context and baggage propagation
  installTracingHooks({
    carrier: () => {
      const carrier: TraceCarrier = {};
      propagation.inject(context.active(), carrier);
      return carrier.traceparent ? carrier : null;
    },
    bullmq: new BullMQOtel(settings.serviceName, settings.serviceVersion),
    shutdown: () => provider.shutdown(),
  });
}
