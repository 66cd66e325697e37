import { ReferenceEntries } from './reference-entries';

describe('ReferenceEntries', () => {
  let now = 1_000;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000;
  });

  it('keeps a value for its time to live, then forgets it', () => {
    const entries = new ReferenceEntries(500, clock);
    entries.put('a', 1, entries.generation);
    now += 499;
    expect(entries.get('a')).toEqual({ value: 1 });
    now += 1;
    expect(entries.get('a')).toBeUndefined();
    expect(entries.size).toBe(0);
  });

  it('keeps falsy values as values', () => {
    const entries = new ReferenceEntries(500, clock);
    entries.put('no', false, entries.generation);
    entries.put('none', null, entries.generation);
    expect(entries.get('no')).toEqual({ value: false });
    expect(entries.get('none')).toEqual({ value: null });
  });

  it('drops everything on clear, and refuses a value loaded before it', () => {
    const entries = new ReferenceEntries(500, clock);
    entries.put('a', 1, entries.generation);
    const before = entries.generation;
    entries.clear();
    expect(entries.get('a')).toBeUndefined();
    entries.put('b', 'stale', before);
    expect(entries.get('b')).toBeUndefined();
    entries.put('b', 'fresh', entries.generation);
    expect(entries.get('b')).toEqual({ value: 'fresh' });
  });

  it('keeps nothing with a time to live of 0', () => {
    const entries = new ReferenceEntries(0, clock);
    entries.put('a', 1, entries.generation);
    expect(entries.get('a')).toBeUndefined();
  });

  it('starts over past its size bound', () => {
    const entries = new ReferenceEntries(500, clock, 2);
    entries.put('a', 1, entries.generation);
    entries.put('b', 2, entries.generation);
    entries.put('b', 3, entries.generation); // a key it has is replaced, not counted twice
    expect(entries.size).toBe(2);
    entries.put('c', 4, entries.generation);
    expect(entries.size).toBe(1);
    expect(entries.get('c')).toEqual({ value: 4 });
  });
});
