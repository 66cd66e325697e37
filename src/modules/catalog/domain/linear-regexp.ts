import type { RE2JS } from 're2js';
import { re2Property } from './unicode-property';

/**
 * Regular expressions of form schemas (`pattern`, `patternProperties` keys) run on RE2, a linear-time engine,
 * never on V8's backtracking one: an administrator's pattern such as `(a+)+$` would otherwise let any requester
 * stall the whole process with one crafted customFields string (catastrophic backtracking on the event loop).
 *
 * Why RE2 (the pure-JavaScript port `re2js`): its matching time is linear in the input whatever the pattern, it
 * knows Unicode (`\p{L}`, characters outside the BMP) and counted repetitions up to 1000, and it needs no native
 * build, no WebAssembly and no runtime flag. V8's own linear engine (the `l` flag behind
 * `--enable-experimental-regexp-engine`) was weighed and left out: on Node 20 it has no Unicode mode and refuses
 * ordinary patterns such as `^.{1,64}$` (counted repetitions above 16), and it rests on an experimental V8 flag that
 * would have to be set at run time.
 *
 * A pattern is first checked as ECMA-262 with the `u` flag (what JSON Schema means), then translated to RE2 syntax
 * keeping the ECMAScript meaning of `.`, `\s`, `\S` and the Unicode property escapes (see unicode-property.ts). What
 * RE2 cannot run in linear time is refused when the item is saved: backreferences, lookahead and lookbehind, and
 * patterns too large once repetitions are expanded; so is what RE2 cannot say with the same meaning: property
 * escapes it lacks (binary properties such as `\p{Lowercase}`, script extensions, short script names such as
 * `\p{sc=Grek}`) and `\S` inside a character class.
 *
 * RE2 is loaded on the first pattern, so a process that checks no pattern never loads it; an installation that
 * lacks it refuses every pattern (and files against stored ones as a fault of the form), never falls back.
 */
export interface LinearRegExp {
  readonly source: string;
  test(input: string): boolean;
}

/** Why `pattern` cannot be used in a form schema, or null when it can. */
export function linearPatternProblem(pattern: string): string | null {
  return compile(pattern).problem;
}

/** The linear-time matcher of `pattern`; throws, naming the pattern and the reason, when there is none. */
export function linearRegExp(pattern: string): LinearRegExp {
  const { problem, re } = compile(pattern);
  if (re === null) throw new SyntaxError(`pattern ${JSON.stringify(pattern)} ${problem}`);
  return {
    source: pattern,
    test: (input) => re.test(input),
    toString: () => `/${pattern}/re2`,
  } as LinearRegExp;
}

let engine: typeof RE2JS | null | undefined;

function re2(): typeof RE2JS | null {
  if (engine === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      engine = (require('re2js') as typeof import('re2js')).RE2JS;
    } catch {
      engine = null;
    }
  }
  return engine;
}

const NOT_LINEAR =
  'cannot be checked in linear time (backreferences, lookahead and lookbehind are not supported)';
const NO_PROPERTY = 'uses a Unicode property or class escape the linear engine does not support';

function compile(pattern: string): { problem: string; re: null } | { problem: null; re: RE2JS } {
  try {
    new RegExp(pattern, 'u');
  } catch {
    return { problem: 'is not a valid regular expression', re: null };
  }
  const translated = toRe2(pattern);
  if (typeof translated !== 'string') return { problem: translated.refused, re: null };
  const RE2 = re2();
  if (RE2 === null)
    return { problem: 'cannot be checked: the linear-time engine (re2js) is not installed', re: null };
  try {
    return { problem: null, re: RE2.compile(translated) };
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/too large|repeat count/.test(message))
      return { problem: 'is too large to be checked in linear time', re: null };
    // a script name RE2 does not know, such as the short alias in \p{sc=Grek}
    return { problem: /class range: `\\[pP]\{/.test(message) ? NO_PROPERTY : NOT_LINEAR, re: null };
  }
}

/** ECMAScript's \s: White_Space and line terminators */
const SPACE =
  '\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
/** ECMAScript's `.` without the s flag: anything but a line terminator */
const DOT = '[^\\n\\r\\x{2028}\\x{2029}]';

/**
 * The RE2 spelling of a pattern that is valid ECMAScript with the `u` flag, or why not when it uses what RE2 does
 * not have (backreferences, property escapes without an equivalent; lookarounds are left for RE2 to refuse). Only
 * what differs is rewritten.
 */
function toRe2(pattern: string): string | { refused: string } {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[++i];
      const hex4 = /^[0-9a-fA-F]{4}/.exec(pattern.slice(i + 1, i + 5));
      const braced = /^\{([0-9a-fA-F]+)\}/.exec(pattern.slice(i + 1));
      const property = /^\{([^}]*)\}/.exec(pattern.slice(i + 1));
      if (next === 'k' || /[1-9]/.test(next)) return { refused: NOT_LINEAR };
      if (next === 's') out += inClass ? SPACE : `[${SPACE}]`;
      else if (next === 'S') {
        if (inClass) return { refused: NO_PROPERTY };
        out += `[^${SPACE}]`;
      } else if ((next === 'p' || next === 'P') && property) {
        const re2 = re2Property(property[1], next === 'P', inClass);
        if (re2 === null) return { refused: NO_PROPERTY };
        out += re2;
        i += property[0].length;
      } else if (next === 'u' && braced) {
        out += `\\x{${braced[1]}}`;
        i += braced[0].length;
      } else if (next === 'u' && hex4) {
        out += `\\x{${hex4[0]}}`;
        i += 4;
      } else if (next === 'c') {
        out += `\\x{${(pattern.charCodeAt(++i) % 32).toString(16)}}`;
      } else if (next === '0') out += '\\x{0}';
      else if (next === '/') out += '/';
      else out += `\\${next}`;
    } else if (inClass) {
      if (c === ']') inClass = false;
      // a literal `[` in a class: RE2 would read `[:alpha:]` as a POSIX class
      out += c === '[' ? '\\[' : c;
    } else if (c === '[') {
      if (pattern.startsWith('[^]', i)) {
        out += '[\\x{0}-\\x{10FFFF}]';
        i += 2;
      } else if (pattern.startsWith('[]', i)) {
        out += '[^\\x{0}-\\x{10FFFF}]';
        i += 1;
      } else {
        inClass = true;
        out += c;
        if (pattern[i + 1] === '^') out += pattern[++i];
      }
    } else if (c === '.') out += DOT;
    else if (pattern.startsWith('(?<', i) && pattern[i + 3] !== '=' && pattern[i + 3] !== '!') {
      out += '(?P<';
      i += 2;
    } else out += c;
  }
  return out;
}
