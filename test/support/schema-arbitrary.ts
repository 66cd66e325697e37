import fc from 'fast-check';
import { isObject, JsonObject, resolveRef } from '../../src/bootstrap/openapi/walk';
import { FormParts } from './http';

/** Values that break services: wrong types, extremes, injection-looking strings, NUL bytes. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    '',
    ' ',
    '\u0000',
    "'; DROP TABLE users; --",
    'x'.repeat(300),
    -1,
    0,
    1e300,
    true,
    [],
    {},
  ),
  fc.anything({ maxDepth: 2 }),
);

/**
 * A fast-check arbitrary for values of an OpenAPI 3.1 schema of `doc`: valid values (so requests reach the code
 * behind validation), or, when `dirty`, mostly valid ones with junk now and then in any position. `known` supplies ids of existing resources for
 * uuid-formatted strings, so some requests find what they name.
 */
export function arbitraryOf(
  doc: JsonObject,
  schema: unknown,
  known: string[],
  dirty: boolean,
  depth = 0,
): fc.Arbitrary<unknown> {
  const valid = validOf(doc, schema, known, dirty, depth);
  return dirty ? fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: junk, weight: 1 }) : valid;
}

function validOf(
  doc: JsonObject,
  raw: unknown,
  known: string[],
  dirty: boolean,
  depth: number,
): fc.Arbitrary<unknown> {
  if (!isObject(raw) || depth > 6) return junk;
  const schema = resolveRef(doc, raw) ?? raw;
  if (Array.isArray(schema.enum) && schema.enum.length > 0)
    return fc.constantFrom(...(schema.enum as unknown[]));
  if ('const' in schema) return fc.constant(schema.const);
  for (const key of ['oneOf', 'anyOf'] as const)
    if (Array.isArray(schema[key]))
      return fc.oneof(...(schema[key] as unknown[]).map((s) => validOf(doc, s, known, dirty, depth + 1)));
  if (Array.isArray(schema.allOf))
    return validOf(doc, (schema.allOf as unknown[])[0], known, dirty, depth + 1);
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  return fc.oneof(...types.map((type) => ofType(doc, schema, type, known, dirty, depth)));
}

function ofType(
  doc: JsonObject,
  schema: JsonObject,
  type: string | undefined,
  known: string[],
  dirty: boolean,
  depth: number,
): fc.Arbitrary<unknown> {
  const num = (key: string) => (typeof schema[key] === 'number' ? schema[key] : undefined);
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: num('minimum') ?? -1000, max: num('maximum') ?? 100_000 });
    case 'number':
      return fc.double({ min: num('minimum') ?? -1000, max: num('maximum') ?? 100_000, noNaN: true });
    case 'string':
      return stringOf(schema, known, dirty);
    case 'array': {
      const max = Math.min(num('maxItems') ?? 4, 4);
      return fc.array(validOf(doc, schema.items, known, dirty, depth + 1), {
        minLength: num('minItems') ?? 0,
        maxLength: max,
      });
    }
    case 'object':
    case undefined: {
      const properties = isObject(schema.properties) ? schema.properties : {};
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const entries = Object.entries(properties).map(
        ([k, s]) => [k, arbitraryOf(doc, s, known, dirty, depth + 1)] as const,
      );
      if (entries.length === 0)
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 2 });
      return fc.record(Object.fromEntries(entries), {
        requiredKeys: entries.map(([k]) => k).filter((k) => required.has(k)),
      });
    }
    default:
      return junk;
  }
}

function stringOf(schema: JsonObject, known: string[], dirty: boolean): fc.Arbitrary<string> {
  const maxLength = Math.min(typeof schema.maxLength === 'number' ? schema.maxLength : 40, 300);
  const minLength = typeof schema.minLength === 'number' ? Math.min(schema.minLength, maxLength) : 0;
  const fits = known.filter((k) => k.length >= minLength && k.length <= maxLength);
  const existing = fits.length > 0 ? [fc.constantFrom(...fits)] : [];
  const fit = (v: string) => v.slice(0, maxLength).padEnd(minLength, 'a');
  const date = fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });
  switch (schema.format) {
    case 'uuid': {
      const ids = known.filter((k) => /^[0-9a-f]{8}-/.test(k));
      return ids.length > 0 ? fc.oneof(fc.constantFrom(...ids), fc.uuid()) : fc.uuid();
    }
    case 'email':
      return fc.emailAddress();
    case 'date-time':
      return date.map((d) => d.toISOString());
    case 'date':
      return date.map((d) => d.toISOString().slice(0, 10));
    case 'uri':
      return fc.webUrl();
    default:
      if (typeof schema.pattern === 'string' && !dirty) return fc.stringMatching(new RegExp(schema.pattern));
      // clean strings are words: what a validator trims or refuses as blank is for the dirty ones
      if (!dirty)
        return fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 .-]*[a-z0-9]$/).map(fit), ...existing);
      return fc.oneof(
        fc.string({ minLength, maxLength }),
        fc.string({ unit: 'grapheme', minLength, maxLength }),
        ...existing,
      );
  }
}

export interface Request {
  path: Record<string, string>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body: unknown;
  /** multipart parts, sent instead of `body` */
  form?: FormParts;
  /** a raw body of its own media type, sent instead of `body` */
  raw?: { type: string; data: string };
}

/**
 * A request known to be valid for the operation (the authorization matrix's, for a caller allowed to make it): its
 * ids are of the right kind (a message of that ticket, not just any id), and its body passes validation. Clean
 * requests take its path ids and top-level body values now and then, so they reach the code behind the lookups.
 */
export type Seed = Partial<Request>;

/** Requests for an operation: clean ones (every value valid for its schema) and dirty ones (junk anywhere). */
export function requestOf(
  doc: JsonObject,
  path: string,
  op: JsonObject,
  known: string[],
  seed?: Seed,
  /** the ids a path parameter may name (by default `known`): a change is kept off what other requests build on */
  targets: string[] = known,
): fc.Arbitrary<Request> {
  return fc.oneof(
    { arbitrary: requestsOf(doc, path, op, known, false, seed, targets), weight: 3 },
    {
      arbitrary: requestsOf(doc, path, op, known, true, seed, targets),
      weight: 2,
    },
  );
}

/** `generated`, or now and then the seed's own value for the same place (when it has one). */
const orSeed = <T>(generated: fc.Arbitrary<T>, seeded: unknown, weight: number): fc.Arbitrary<T> =>
  seeded === undefined
    ? generated
    : fc.oneof({ arbitrary: fc.constant(seeded as T), weight }, { arbitrary: generated, weight: 1 });

/** A body: for an object schema, each top-level value generated or taken from the seed's body. */
function bodyOf(
  doc: JsonObject,
  schema: JsonObject,
  known: string[],
  dirty: boolean,
  seed: unknown,
): fc.Arbitrary<unknown> {
  const resolved = resolveRef(doc, schema) ?? schema;
  const seeded = isObject(seed) ? seed : undefined;
  if (!seeded || !isObject(resolved.properties)) return arbitraryOf(doc, schema, known, dirty);
  const required = new Set((resolved.required as string[] | undefined) ?? []);
  const entries = Object.entries(resolved.properties).map(
    ([k, s]) => [k, orSeed(arbitraryOf(doc, s, known, dirty), seeded[k], dirty ? 1 : 3)] as const,
  );
  // what the seed sends is sent: an optional field it needs (a departmentId naming a department) stays in
  const record = fc.record(Object.fromEntries(entries), {
    requiredKeys: entries.map(([k]) => k).filter((k) => required.has(k) || (!dirty && k in seeded)),
  });
  return dirty
    ? fc.oneof(
        { arbitrary: record, weight: 6 },
        { arbitrary: arbitraryOf(doc, schema, known, true), weight: 1 },
      )
    : record;
}

function requestsOf(
  doc: JsonObject,
  path: string,
  op: JsonObject,
  known: string[],
  dirty: boolean,
  seed: Seed | undefined,
  targets: string[],
): fc.Arbitrary<Request> {
  const params = ((op.parameters as JsonObject[] | undefined) ?? []).map((p) => resolveRef(doc, p) ?? p);
  // the seed's id of the right kind most of the time, else any id the world holds (or, dirty, anything)
  const pathParams = Object.fromEntries(
    [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => [
      name,
      orSeed(
        dirty
          ? fc.oneof(
              { arbitrary: fc.constantFrom(...targets), weight: 3 },
              fc.uuid(),
              fc.string({ maxLength: 40 }),
            )
          : fc.constantFrom(...targets),
        seed?.path?.[name],
        dirty ? 2 : 4,
      ),
    ]),
  );
  const seededQuery = new Map(seed?.query ?? []);
  const none: Array<[string, string]> = [];
  // each optional parameter now and then, so a clean request is not refused for a combination of them
  const query = params
    .filter((p) => p.in === 'query')
    .map((p) =>
      fc.oneof(
        { arbitrary: fc.constant(none), weight: p.required === true ? 0 : 4 },
        {
          arbitrary: arbitraryOf(doc, p.schema, known, dirty).map((v): Array<[string, string]> =>
            (Array.isArray(v) ? v : [v]).map((x) => [
              String(p.name),
              typeof x === 'string' ? x : JSON.stringify(x),
            ]),
          ),
          weight: 1,
        },
        {
          arbitrary: fc.constant<Array<[string, string]>>(
            seededQuery.has(String(p.name)) ? [[String(p.name), seededQuery.get(String(p.name))!]] : none,
          ),
          weight: seededQuery.has(String(p.name)) ? 2 : 0,
        },
      ),
    );
  const headers = params
    .filter((p) => p.in === 'header')
    .map((p) =>
      fc.option(
        fc.string({ minLength: 1, maxLength: 80 }).map((v) => [String(p.name), v] as const),
        {
          nil: undefined,
        },
      ),
    );
  const requestBody = isObject(op.requestBody) ? resolveRef(doc, op.requestBody) : undefined;
  const content = isObject(requestBody?.content) ? requestBody.content : {};
  const media = content['application/json'];
  const body: fc.Arbitrary<unknown> =
    isObject(media) && isObject(media.schema)
      ? bodyOf(doc, media.schema, known, dirty, seed?.body)
      : Object.keys(content).length > 0
        ? fc.string({ maxLength: 200 })
        : fc.constant(undefined);
  return fc.record({
    path: fc.record(pathParams),
    query: fc.tuple(...query).map((q) => q.flat()),
    headers: fc
      .tuple(...headers)
      .map((hs) =>
        Object.fromEntries(
          hs.filter((h): h is readonly [string, string] => h !== undefined && /^[\x21-\x7e ]+$/.test(h[1])),
        ),
      ),
    body,
  });
}
