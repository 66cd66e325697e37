import { validate } from 'class-validator';
import { jsonNestsDeeperThan, jsonShape, jsonValueNestsDeeperThan } from './json-limits';
import { CUSTOM_FIELDS_LIMITS, JsonWithin } from './json-limits.validator';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { k: value };
  return value;
};

class Form {
  @JsonWithin(CUSTOM_FIELDS_LIMITS) customFields: unknown;
}
const problems = async (customFields: unknown): Promise<string[]> =>
  (await validate(Object.assign(new Form(), { customFields }))).flatMap((e) =>
    Object.values(e.constraints ?? {}),
  );

describe('JSON limits', () => {
  it('measures the nesting of a JSON text without parsing it, ignoring brackets in strings', () => {
    expect(jsonNestsDeeperThan(bytes('{"a":[1,{"b":2}]}'), 3)).toBe(false);
    expect(jsonNestsDeeperThan(bytes('{"a":[1,{"b":2}]}'), 2)).toBe(true);
    expect(jsonNestsDeeperThan(bytes('{"a":"[[[[{{{{\\"[[["}'), 1)).toBe(false);
    expect(jsonNestsDeeperThan(bytes('"é[[[["'), 0)).toBe(false);
    expect(jsonNestsDeeperThan(bytes('[]'.repeat(1000)), 1)).toBe(false);
  });

  it('measures a megabyte nested 500,000 levels in linear time', () => {
    const deep = bytes(`${'['.repeat(500_000)}${']'.repeat(500_000)}`);
    const started = Date.now();
    expect(jsonNestsDeeperThan(deep, 32)).toBe(true);
    expect(jsonNestsDeeperThan(bytes(`[${'1,'.repeat(500_000)}1]`), 32)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('measures the nesting of a parsed value the same way, without recursion', () => {
    expect(jsonValueNestsDeeperThan(JSON.parse('{"a":[1,{"b":2}]}'), 3)).toBe(false);
    expect(jsonValueNestsDeeperThan(JSON.parse('{"a":[1,{"b":2}]}'), 2)).toBe(true);
    expect(jsonValueNestsDeeperThan('[[[[', 0)).toBe(false);
    expect(jsonValueNestsDeeperThan(nested(32), 32)).toBe(false);
    expect(jsonValueNestsDeeperThan(nested(33), 32)).toBe(true);
    expect(jsonValueNestsDeeperThan(JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`), 32)).toBe(
      true,
    );
  });

  it('describes a parsed value by bytes, depth and keys', () => {
    expect(jsonShape({ a: { b: [1, { c: 2 }] }, d: 'x' })).toEqual({ bytes: 31, depth: 4, keys: 4 });
    expect(jsonShape('x')).toEqual({ bytes: 3, depth: 0, keys: 0 });
  });

  it('caps customFields at 16 KiB, 100 keys and 5 levels of nesting', async () => {
    expect(await problems({ a: 1, b: { c: [1, 2] } })).toEqual([]);
    expect(await problems(nested(5))).toEqual([]);
    expect(await problems(nested(6))).toEqual(['customFields must not nest more than 5 levels']);
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i]));
    expect(await problems(many)).toEqual(['customFields must have at most 100 keys in all']);
    expect(await problems({ big: 'x'.repeat(17 * 1024) })).toEqual([
      'customFields must be at most 16384 bytes as JSON',
    ]);
  });
});
