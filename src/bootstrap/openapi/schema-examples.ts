import { isObject, JsonObject, resolveRef } from './walk';

const MAX_DEPTH = 6;

const BY_FORMAT: Record<string, string> = {
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  email: 'jane.doe@example.com',
  'date-time': '2026-01-01T09:00:00.000Z',
  date: '2026-01-01',
  uri: 'https://hooks.example.com/helpdesk',
  url: 'https://hooks.example.com/helpdesk',
  binary: '(binary)',
};

/**
 * An example value for a schema: its own `example` (or `default`, or first enum value) where it has one, else one
 * built from its types — for objects their required properties and those that carry an example — within its length
 * and range limits. Write an `example` on a property whose pattern a made-up value would not match.
 */
export function exampleOf(doc: JsonObject, schema: JsonObject, depth = 0): unknown {
  const s = resolveRef(doc, schema);
  if (!s || depth > MAX_DEPTH) return undefined;
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0] as unknown;
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum)) return s.enum.find((v) => v !== null) ?? null;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = s[key];
    if (Array.isArray(options)) {
      const first: unknown = options.find((o) => isObject(o) && o.type !== 'null');
      if (isObject(first)) return exampleOf(doc, first, depth + 1);
    }
  }
  if (Array.isArray(s.allOf)) {
    return Object.assign(
      {},
      ...s.allOf.filter(isObject).map((part) => exampleOf(doc, part, depth + 1) as JsonObject),
    ) as JsonObject;
  }
  const type: unknown = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object':
      return objectExample(doc, s, depth);
    case 'array': {
      const item = isObject(s.items) ? exampleOf(doc, s.items, depth + 1) : undefined;
      return item === undefined ? [] : [item];
    }
    case 'string':
      return stringExample(s);
    case 'integer':
    case 'number':
      return numberExample(s);
    case 'boolean':
      return false;
    case undefined:
      return isObject(s.properties) ? objectExample(doc, s, depth) : undefined;
    default:
      return undefined;
  }
}

function objectExample(doc: JsonObject, s: JsonObject, depth: number): JsonObject {
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const properties = Object.entries(isObject(s.properties) ? s.properties : {});
  // a body of optional fields only (an edit) shows its first one, so the example says what such a body looks like
  const first = required.size === 0 ? properties[0]?.[0] : undefined;
  const out: JsonObject = {};
  for (const [name, prop] of properties) {
    if (!isObject(prop)) continue;
    const resolved = resolveRef(doc, prop);
    const wanted = required.has(name) || name === first;
    if (!wanted && resolved?.example === undefined && prop.example === undefined) continue;
    const value = exampleOf(doc, prop, depth + 1);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function stringExample(s: JsonObject): string {
  const byFormat = typeof s.format === 'string' ? BY_FORMAT[s.format] : undefined;
  if (byFormat) return byFormat;
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  let value = 'string';
  while (value.length < min) value += ' string';
  return value.slice(0, Math.max(min, Math.min(max, value.length)));
}

function numberExample(s: JsonObject): number {
  const min = typeof s.minimum === 'number' ? s.minimum : undefined;
  const max = typeof s.maximum === 'number' ? s.maximum : undefined;
  if (min !== undefined) return min;
  if (max !== undefined) return Math.min(max, 1);
  return 1;
}
