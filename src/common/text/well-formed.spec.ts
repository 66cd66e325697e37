import { mayHoldLoneSurrogates, wellFormed, wellFormedJson } from './well-formed';

describe('well-formed text', () => {
  it('replaces each lone surrogate with U+FFFD and keeps pairs', () => {
    expect(wellFormed('a\ud800b')).toBe('a\ufffdb');
    expect(wellFormed('\udfff')).toBe('\ufffd');
    const pair = 'smile \ud83d\ude00';
    expect(wellFormed(pair)).toBe(pair);
  });

  it('looks for a surrogate escape in the JSON text only', () => {
    expect(mayHoldLoneSurrogates('{"a":"\\uD800"}')).toBe(true);
    expect(mayHoldLoneSurrogates('{"a":"\\udc00"}')).toBe(true);
    expect(mayHoldLoneSurrogates('{"a":"\\u00e9 \\ud7ff"}')).toBe(false);
    expect(mayHoldLoneSurrogates('{"a":"plain \ud83d\ude00"}')).toBe(false);
  });

  it('walks parsed JSON, keys included, keeping key order and values of other types', () => {
    const parsed = JSON.parse(
      '{"a":["x\\ud800",1,null,true],"k\\udc00":{"n":"\\ud800"},"z":"ok"}',
    ) as unknown;
    const fixed = wellFormedJson(parsed) as Record<string, unknown>;
    expect(fixed).toEqual({ a: ['x\ufffd', 1, null, true], 'k\ufffd': { n: '\ufffd' }, z: 'ok' });
    expect(Object.keys(fixed)).toEqual(['a', 'k\ufffd', 'z']);
    expect(wellFormedJson('\ud800')).toBe('\ufffd');
    expect(wellFormedJson(7)).toBe(7);
  });

  it('walks any depth without recursion, and keeps a __proto__ key an own property', () => {
    const depth = 200_000;
    const deep = JSON.parse(`${'['.repeat(depth)}"\\ud800"${']'.repeat(depth)}`) as unknown;
    let inner = wellFormedJson(deep);
    for (let i = 0; i < depth; i++) inner = (inner as unknown[])[0];
    expect(inner).toBe('\ufffd');

    // keys already well-formed: the object is changed in place, and its own __proto__ key stays an own property
    const poisoned = JSON.parse('{"a":"b","__proto__":{"x\\ud800":"y"}}') as Record<string, unknown>;
    const fixed = wellFormedJson(poisoned) as Record<string, unknown>;
    expect(fixed).toBe(poisoned);
    expect(Object.getPrototypeOf(fixed)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(fixed, '__proto__')?.value).toEqual({ 'x\ufffd': 'y' });
    expect(Object.keys(fixed)).toEqual(['a', '__proto__']);
  });
});
