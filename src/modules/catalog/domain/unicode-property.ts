/*
 * ECMAScript's Unicode property escapes (`\p{…}`, `\P{…}` with the `u` flag) in RE2's spelling. RE2 knows the
 * General_Category values by their short names only (`L`, `Lu`…), the scripts by their long names bare (`Greek`,
 * `Old_Italic`), and `Any`. ECMAScript also writes the long category names (`Letter`), `gc=`/`General_Category=`
 * and `sc=`/`Script=` before a value, and has binary properties. Only what means exactly the same is rewritten.
 */

/** ECMAScript's General_Category values and aliases, each with its short name */
const CATEGORIES: Record<string, string> = {
  Cased_Letter: 'LC',
  Close_Punctuation: 'Pe',
  Connector_Punctuation: 'Pc',
  Control: 'Cc',
  cntrl: 'Cc',
  Currency_Symbol: 'Sc',
  Dash_Punctuation: 'Pd',
  Decimal_Number: 'Nd',
  digit: 'Nd',
  Enclosing_Mark: 'Me',
  Final_Punctuation: 'Pf',
  Format: 'Cf',
  Initial_Punctuation: 'Pi',
  Letter: 'L',
  Letter_Number: 'Nl',
  Line_Separator: 'Zl',
  Lowercase_Letter: 'Ll',
  Mark: 'M',
  Combining_Mark: 'M',
  Math_Symbol: 'Sm',
  Modifier_Letter: 'Lm',
  Modifier_Symbol: 'Sk',
  Nonspacing_Mark: 'Mn',
  Number: 'N',
  Open_Punctuation: 'Ps',
  Other: 'C',
  Other_Letter: 'Lo',
  Other_Number: 'No',
  Other_Punctuation: 'Po',
  Other_Symbol: 'So',
  Paragraph_Separator: 'Zp',
  Private_Use: 'Co',
  Punctuation: 'P',
  punct: 'P',
  Separator: 'Z',
  Space_Separator: 'Zs',
  Spacing_Mark: 'Mc',
  Surrogate: 'Cs',
  Symbol: 'S',
  Titlecase_Letter: 'Lt',
  Unassigned: 'Cn',
  Uppercase_Letter: 'Lu',
};
const SHORT = new Set(Object.values(CATEGORIES));

/** The short name of a General_Category value, or null */
const category = (value: string): string | null =>
  SHORT.has(value) ? value : Object.hasOwn(CATEGORIES, value) ? CATEGORIES[value] : null;

/**
 * The RE2 spelling of the escape whose braces hold `body` (`\P` when `negated`), inside a character class or not,
 * or null when RE2 has no exact equivalent. `body` is valid ECMAScript (the pattern compiled with the `u` flag).
 * A script value RE2 does not know (a short alias such as `Grek`) is passed on for RE2 to refuse.
 */
export function re2Property(body: string, negated: boolean, inClass: boolean): string | null {
  const eq = body.indexOf('=');
  const [name, value] = eq < 0 ? [null, body] : [body.slice(0, eq), body.slice(eq + 1)];
  let re2Name: string | null = null;
  if (name === null) {
    if (value === 'ASCII') return asciiRange(negated, inClass);
    re2Name = value === 'Any' ? value : category(value);
  } else if (name === 'gc' || name === 'General_Category') re2Name = category(value);
  else if (name === 'sc' || name === 'Script') re2Name = value;
  return re2Name === null ? null : `\\${negated ? 'P' : 'p'}{${re2Name}}`;
}

/** `\p{ASCII}` and `\P{ASCII}`: each one range of code points */
function asciiRange(negated: boolean, inClass: boolean): string {
  const range = negated ? '\\x{80}-\\x{10FFFF}' : '\\x{0}-\\x{7F}';
  return inClass ? range : `[${range}]`;
}
