import { linearPatternProblem, linearRegExp } from './linear-regexp';

describe('linearRegExp', () => {
  const inputs = [
    '',
    'a',
    'abc',
    'ABC',
    'AB1',
    '123-ab.\\p',
    ' \t',
    '\u00a0',
    '\u2003x',
    'a\nb',
    'a\rb',
    'a\u2028b',
    '😀',
    'x😀y',
    'é',
    'Ωmega',
    '[:alpha:]',
    'a/b',
    '\u0001',
    '\u0000',
    'user@example.com',
    'x'.repeat(70),
  ];

  // each means the same as ECMAScript with the u flag, on every input
  it.each([
    '^[A-Z]{3}$',
    '^\\d{3}-[a-z]+\\.\\\\p$',
    '^.{1,64}$',
    '^.$',
    'a.b',
    '[.]',
    '^\\s+$',
    '^\\S+$',
    '[^\\s]',
    '^[\\s\\d]+$',
    '\\p{L}+',
    '^\\p{Lu}',
    '\\u{1F600}',
    '😀',
    '^[😀x]+$',
    '\\u00e9',
    '^[[:a]+$',
    '^[^]$',
    'a\\/b',
    '\\cA',
    '\\0',
    '^(?<word>\\w+)@',
    '\\bb',
    '(a|ab)(c|bcd)?',
    '^[\\-a]+$',
    '(a+)+$',
  ])('%s matches as ECMAScript does', (pattern) => {
    expect(linearPatternProblem(pattern)).toBeNull();
    const linear = linearRegExp(pattern);
    const ecma = new RegExp(pattern, 'u');
    for (const input of inputs) expect([input, linear.test(input)]).toEqual([input, ecma.test(input)]);
  });

  it('answers in linear time where backtracking takes exponential time', () => {
    for (const pattern of ['(a+)+$', '^(a|a)*$', '^(\\w+\\s?)*$', '(.*a){12}']) {
      const started = process.hrtime.bigint();
      expect(linearRegExp(pattern).test(`${'a'.repeat(30000)}!`)).toBe(pattern === '(.*a){12}');
      expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(5);
    }
  });

  it.each([
    ['(a)\\1', /linear time/],
    ['\\k<n>(?<n>a)', /linear time/],
    ['(?=a)', /linear time/],
    ['(?!a)', /linear time/],
    ['(?<=a)b', /linear time/],
    ['(?<!a)b', /linear time/],
    ['[^\\S]', /linear time/],
    ['(a{1,1000}){1,1000}', /too large/],
    ['(', /not a valid regular expression/],
    ['a{,5}', /not a valid regular expression/],
  ])('refuses %s', (pattern, problem) => {
    expect(linearPatternProblem(pattern)).toMatch(problem);
    expect(() => linearRegExp(pattern)).toThrow(SyntaxError);
  });
});
