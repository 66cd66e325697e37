import { traceSamplingFrom } from './trace-sampling';

describe('traceSamplingFrom', () => {
  it('keeps every trace, following callers, when nothing is set', () => {
    expect(traceSamplingFrom({})).toEqual({ parentBased: true, ratio: 1 });
    expect(traceSamplingFrom({ OTEL_TRACES_SAMPLER: ' ', OTEL_TRACES_SAMPLER_ARG: '' })).toEqual({
      parentBased: true,
      ratio: 1,
    });
  });

  it('reads a ratio alone as parentbased_traceidratio', () => {
    expect(traceSamplingFrom({ OTEL_TRACES_SAMPLER_ARG: '0.25' })).toEqual({
      parentBased: true,
      ratio: 0.25,
    });
    expect(traceSamplingFrom({ OTEL_TRACES_SAMPLER_ARG: '0' })).toEqual({ parentBased: true, ratio: 0 });
  });

  it('honours each standard sampler name', () => {
    expect(traceSamplingFrom({ OTEL_TRACES_SAMPLER: 'always_off' })).toEqual({
      parentBased: false,
      ratio: 0,
    });
    expect(traceSamplingFrom({ OTEL_TRACES_SAMPLER: 'always_on' })).toEqual({ parentBased: false, ratio: 1 });
    expect(traceSamplingFrom({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' })).toEqual({
      parentBased: true,
      ratio: 0,
    });
    expect(traceSamplingFrom({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '.5' })).toEqual(
      { parentBased: false, ratio: 0.5 },
    );
    // a ratio sampler without its argument keeps all, as the specification's default of 1.0 says
    expect(traceSamplingFrom({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio' })).toEqual({
      parentBased: true,
      ratio: 1,
    });
    // an argument beside a sampler that takes none is ignored
    expect(traceSamplingFrom({ OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: '0.1' })).toEqual({
      parentBased: false,
      ratio: 1,
    });
  });

  it('refuses unknown samplers and ratios outside 0..1 with one line', () => {
    expect(traceSamplingFrom({ OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toMatch(
      /^OTEL_TRACES_SAMPLER must be one of always_on, .*parentbased_traceidratio$/,
    );
    for (const arg of ['1.5', '-0.1', 'half', '10%', '1e-1'])
      expect(traceSamplingFrom({ OTEL_TRACES_SAMPLER_ARG: arg })).toBe(
        'OTEL_TRACES_SAMPLER_ARG must be a ratio between 0 and 1',
      );
  });
});
