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

type Holder = Record<string | number, unknown>;

/** Sets an own property, as the JSON parser made it: a key such as `__proto__` never reaches a prototype setter. */
function put(holder: Holder, key: string | number, value: unknown): void {
  if (holder[key] !== value) {
    Object.defineProperty(holder, key, { value, writable: true, enumerable: true, configurable: true });
  }
}

/**
 * A parsed JSON value with every string, object keys included, made well-formed. Objects and arrays are changed in
 * place (an object whose keys change is rebuilt, in the same key order). The walk keeps its own stack of slots, so no
 * depth of nesting can overflow the call stack.
 */
export function wellFormedJson(value: unknown): unknown {
  const root: Holder = { value };
  const slots: Array<[holder: Holder, key: string | number]> = [[root, 'value']];
  while (slots.length > 0) {
    const [holder, key] = slots.pop()!;
    const current = holder[key];
    if (typeof current === 'string') put(holder, key, wellFormed(current));
    if (current === null || typeof current !== 'object') continue;
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) slots.push([current as unknown as Holder, i]);
      continue;
    }
    let record = current as Record<string, unknown>;
    const keys = Object.keys(record);
    if (!keys.every((name) => wellFormed(name) === name)) {
      const source = record;
      record = Object.fromEntries(keys.map((name) => [wellFormed(name), source[name]]));
      put(holder, key, record);
    }
    for (const name of Object.keys(record)) slots.push([record, name]);
  }
  return root.value;
}
