/**
 * Which traces are kept, read from the standard OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG. Pure and free of
 * OpenTelemetry imports, so src/tracing.ts can check the setting before it loads the SDK.
 */
export const TRACE_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type TraceSamplerName = (typeof TRACE_SAMPLERS)[number];

export interface TraceSampling {
  /** follow the caller's decision (a sampled `traceparent`) and apply `root` only where a trace starts */
  parentBased: boolean;
  /** the share of new traces kept: 1 keeps all, 0 none */
  ratio: number;
}

/** A ratio between 0 and 1, as OTEL_TRACES_SAMPLER_ARG writes it (`0.25`, `1`, `.5`). */
const RATIO = /^(0(\.\d*)?|1(\.0*)?|\.\d+)$/;

/**
 * The sampling the environment asks for, or a one-line reason it is not valid. Unset, every trace is kept
 * (`parentbased_always_on`, the OpenTelemetry default); a ratio alone means `parentbased_traceidratio`.
 */
export function traceSamplingFrom(env: Record<string, string | undefined>): TraceSampling | string {
  const name = env.OTEL_TRACES_SAMPLER?.trim() ?? '';
  const arg = env.OTEL_TRACES_SAMPLER_ARG?.trim() ?? '';
  if (name !== '' && !(TRACE_SAMPLERS as readonly string[]).includes(name))
    return `OTEL_TRACES_SAMPLER must be one of ${TRACE_SAMPLERS.join(', ')}`;
  if (arg !== '' && !RATIO.test(arg)) return 'OTEL_TRACES_SAMPLER_ARG must be a ratio between 0 and 1';
  const sampler = (name ||
    (arg === '' ? 'parentbased_always_on' : 'parentbased_traceidratio')) as TraceSamplerName;
  const parentBased = sampler.startsWith('parentbased_');
  if (sampler.endsWith('always_on')) return { parentBased, ratio: 1 };
  if (sampler.endsWith('always_off')) return { parentBased, ratio: 0 };
  return { parentBased, ratio: arg === '' ? 1 : Number(arg) };
}
