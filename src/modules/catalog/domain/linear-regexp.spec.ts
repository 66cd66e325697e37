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
    'αβγ',
    'Σ1',
    'ǅ',
    '\u0378',
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
    '^\\p{Letter}+$',
    '\\p{Script=Greek}',
    '^\\p{sc=Greek}+$',
    '\\P{Script=Latin}',
    '^\\p{gc=Lu}',
    '^\\p{General_Category=Uppercase_Letter}',
    '^[\\p{Lowercase_Letter}\\d]+$',
    '^\\p{Cased_Letter}+$',
    '\\p{Other}',
    '\\P{L}',
    '^\\p{ASCII}+$',
    '^[\\P{ASCII}]+$',
    '^[^\\p{ASCII}x]+$',
    '\\P{ASCII}',
    '^\\p{Any}{2}$',
  ])('%s matches as ECMAScript does', (pattern) => {
    expect(linearPatternProblem(pattern)).toBeNull();
    const linear = linearRegExp(pattern);
    const ecma = new RegExp(pattern, 'u');
    for (const input of inputs) expect([input, linear.test(input)]).toEqual([input, ecma.test(input)]);
  });

  // one character of each category at least, and code points across the whole range (a lone surrogate is no
  // character to RE2)
  const CODE_POINTS = [0x01c5, 0x0903, 0x20dd, 0x16ee, 0x2028, 0x2029, 0xe000, 0x0378, 0x005f, 0x00ab];
  for (let cp = 0; cp <= 0x10ffff; cp += cp < 0x3000 ? 11 : 4099)
    if (cp < 0xd800 || cp > 0xdfff) CODE_POINTS.push(cp);
  const CODE_POINT_INPUTS = CODE_POINTS.map((cp) => String.fromCodePoint(cp));

  // every General_Category name ECMAScript reads, long or short, means in RE2 what it means in ECMAScript
  it.each([
    ['Letter', 'L'],
    ['Cased_Letter', 'LC'],
    ['Uppercase_Letter', 'Lu'],
    ['Lowercase_Letter', 'Ll'],
    ['Titlecase_Letter', 'Lt'],
    ['Modifier_Letter', 'Lm'],
    ['Other_Letter', 'Lo'],
    ['Mark', 'M'],
    ['Combining_Mark', 'M'],
    ['Nonspacing_Mark', 'Mn'],
    ['Spacing_Mark', 'Mc'],
    ['Enclosing_Mark', 'Me'],
    ['Number', 'N'],
    ['Decimal_Number', 'Nd'],
    ['digit', 'Nd'],
    ['Letter_Number', 'Nl'],
    ['Other_Number', 'No'],
    ['Punctuation', 'P'],
    ['punct', 'P'],
    ['Connector_Punctuation', 'Pc'],
    ['Dash_Punctuation', 'Pd'],
    ['Open_Punctuation', 'Ps'],
    ['Close_Punctuation', 'Pe'],
    ['Initial_Punctuation', 'Pi'],
    ['Final_Punctuation', 'Pf'],
    ['Other_Punctuation', 'Po'],
    ['Symbol', 'S'],
    ['Math_Symbol', 'Sm'],
    ['Currency_Symbol', 'Sc'],
    ['Modifier_Symbol', 'Sk'],
    ['Other_Symbol', 'So'],
    ['Separator', 'Z'],
    ['Space_Separator', 'Zs'],
    ['Line_Separator', 'Zl'],
    ['Paragraph_Separator', 'Zp'],
    ['Other', 'C'],
    ['Control', 'Cc'],
    ['cntrl', 'Cc'],
    ['Format', 'Cf'],
    ['Private_Use', 'Co'],
    ['Unassigned', 'Cn'],
  ])('\\p{%s} is \\p{%s}', (long, short) => {
    const forms = [`\\p{${long}}`, `\\p{General_Category=${long}}`, `\\p{gc=${short}}`];
    const linear = forms.map((form) => linearRegExp(`^${form}$`));
    const ecma = new RegExp(`^\\p{${long}}$`, 'u');
    const inCategory = CODE_POINT_INPUTS.filter((input) => ecma.test(input));
    expect(inCategory.length).toBeGreaterThan(0);
    for (const re of linear)
      expect([re.source, CODE_POINT_INPUTS.filter((input) => re.test(input))]).toEqual([
        re.source,
        inCategory,
      ]);
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
    ['[^\\S]', /Unicode property or class escape/],
    ['[\\S]', /Unicode property or class escape/],
    ['\\p{Lowercase}', /Unicode property or class escape/],
    ['\\p{Alphabetic}', /Unicode property or class escape/],
    ['\\P{ASCII_Hex_Digit}', /Unicode property or class escape/],
    ['\\p{sc=Grek}', /Unicode property or class escape/],
    ['[\\p{Script_Extensions=Greek}]', /Unicode property or class escape/],
    ['(a{1,1000}){1,1000}', /too large/],
    ['(', /not a valid regular expression/],
    ['a{,5}', /not a valid regular expression/],
  ])('refuses %s', (pattern, problem) => {
    expect(linearPatternProblem(pattern)).toMatch(problem);
    expect(() => linearRegExp(pattern)).toThrow(SyntaxError);
  });
});
