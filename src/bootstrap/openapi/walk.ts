/** Plain JSON, as the OpenAPI document is once built: refined and checked without the library's 3.0-only types. */
export type JsonObject = Record<string, unknown>;
export type Operation = JsonObject;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface OperationEntry {
  path: string;
  method: (typeof HTTP_METHODS)[number];
  op: Operation;
}

export function operationsOf(doc: JsonObject): OperationEntry[] {
  const found: OperationEntry[] = [];
  for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (isObject(op)) found.push({ path, method, op });
    }
  }
  return found;
}

/** `#/components/…` references of this document only. */
export function resolveRef(doc: JsonObject, value: JsonObject, depth = 0): JsonObject | undefined {
  if (typeof value.$ref !== 'string') return value;
  if (depth > 20 || !value.$ref.startsWith('#/')) return undefined;
  let target: unknown = doc;
  for (const part of value.$ref.slice(2).split('/')) {
    target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return isObject(target) ? resolveRef(doc, target, depth + 1) : undefined;
}

type SchemaMapper = (schema: JsonObject) => JsonObject;

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs'] as const;
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;
const SCHEMA_SINGLES = ['items', 'additionalProperties', 'not', 'contains'] as const;

/** Rewrites a schema bottom-up: `fn` sees each subschema after its own subschemas were rewritten. */
export function mapSchema(schema: JsonObject, fn: SchemaMapper): JsonObject {
  const s: JsonObject = { ...schema };
  for (const key of SCHEMA_MAPS) {
    const map = s[key];
    if (isObject(map))
      s[key] = Object.fromEntries(
        Object.entries(map).map(([k, v]) => [k, isObject(v) ? mapSchema(v, fn) : v]),
      );
  }
  for (const key of SCHEMA_LISTS) {
    const list = s[key];
    if (Array.isArray(list)) s[key] = list.map((v: unknown) => (isObject(v) ? mapSchema(v, fn) : v));
  }
  for (const key of SCHEMA_SINGLES) {
    const one = s[key];
    if (isObject(one)) s[key] = mapSchema(one, fn);
  }
  return fn(s);
}

function mapContent(content: unknown, fn: SchemaMapper): void {
  if (!isObject(content)) return;
  for (const media of Object.values(content)) {
    if (isObject(media) && isObject(media.schema)) media.schema = mapSchema(media.schema, fn);
  }
}

function mapParameters(parameters: unknown, fn: SchemaMapper): void {
  if (!Array.isArray(parameters)) return;
  for (const p of parameters) {
    if (isObject(p) && isObject(p.schema)) p.schema = mapSchema(p.schema, fn);
  }
}

function mapResponses(responses: unknown, fn: SchemaMapper): void {
  if (!isObject(responses)) return;
  for (const r of Object.values(responses)) {
    if (!isObject(r)) continue;
    mapContent(r.content, fn);
    if (isObject(r.headers)) {
      for (const h of Object.values(r.headers)) {
        if (isObject(h) && isObject(h.schema)) h.schema = mapSchema(h.schema, fn);
      }
    }
  }
}

/** Applies `fn` to every schema of the document: components, parameters, bodies, responses and their headers. */
export function mapSchemas(doc: JsonObject, fn: SchemaMapper): void {
  const components = isObject(doc.components) ? doc.components : {};
  if (isObject(components.schemas)) {
    for (const [name, schema] of Object.entries(components.schemas)) {
      if (isObject(schema)) components.schemas[name] = mapSchema(schema, fn);
    }
  }
  if (isObject(components.parameters)) mapParameters(Object.values(components.parameters), fn);
  if (isObject(components.responses)) mapResponses(components.responses, fn);
  if (isObject(components.requestBodies)) {
    for (const body of Object.values(components.requestBodies)) {
      if (isObject(body)) mapContent(body.content, fn);
    }
  }
  if (!isObject(doc.paths)) return;
  for (const item of Object.values(doc.paths)) {
    if (!isObject(item)) continue;
    mapParameters(item.parameters, fn);
    for (const { op } of operationsOf({ paths: { _: item } })) {
      mapParameters(op.parameters, fn);
      if (isObject(op.requestBody)) mapContent(op.requestBody.content, fn);
      mapResponses(op.responses, fn);
    }
  }
}
