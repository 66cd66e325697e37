/**
 * Well-formed UTF-16 for text from clients. JSON may spell a lone surrogate (`"\ud800"`) and a multipart filename
 * in RFC 5987 form may decode to one; such a string is no Unicode text: PostgreSQL refuses it in jsonb, stores U+FFFD
 * in text columns, and validators that encode it (`encodeURIComponent`) throw. Each lone surrogate becomes U+FFFD, as
 * the text columns would store it anyway.
 */

/** ES2024's String methods (Node 20 has them; the compiler's library is ES2023). */
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

const asWellFormed = (text: string): WellFormedString => text as unknown as WellFormedString;

/** `text` with every lone surrogate replaced by U+FFFD (the same string when it has none). */
export const wellFormed = (text: string): string =>
  asWellFormed(text).isWellFormed() ? text : asWellFormed(text).toWellFormed();

/** A JSON escape of a surrogate (`\uD800` to `\uDFFF`): only a JSON text holding one can parse to a lone surrogate. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** Whether a JSON text may parse to strings that are not well-formed: raw UTF-8 cannot encode a lone surrogate. */
export const mayHoldLoneSurrogates = (jsonText: string): boolean => SURROGATE_ESCAPE.test(jsonText);

/**
 * A parsed JSON value with every string, object keys included, made well-formed. Objects and arrays are changed in
 * place (an object whose keys change is rebuilt, in the same key order); the JSON parser already bounded the depth.
 */
export function wellFormedJson(value: unknown): unknown {
  if (typeof value === 'string') return wellFormed(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = wellFormedJson(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.every((key) => wellFormed(key) === key)) {
    for (const key of keys) record[key] = wellFormedJson(record[key]);
    return record;
  }
  // defineProperty semantics: a key never reaches a prototype setter
  return Object.fromEntries(keys.map((key) => [wellFormed(key), wellFormedJson(record[key])]));
}
