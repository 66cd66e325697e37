import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, statusOf } from '../../src/common/errors/error-codes';
import { isObject, JsonObject, operationsOf, resolveRef } from '../../src/bootstrap/openapi/walk';

export const ROOT = join(__dirname, '..', '..');
export const OPENAPI_FILE = join(ROOT, 'openapi.json');

export const committedDocument = (): JsonObject =>
  JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as JsonObject;

/** Error answers that are not the envelope, on purpose: readiness answers 503 with Terminus's result for probes. */
const OWN_ERROR_BODIES = new Set(['GET /health/ready 503']);

const OPERATION_ID = /^[a-z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*$/;

/** Requirements of an operation, the document's own when it names none. */
export function securityOf(doc: JsonObject, op: JsonObject): JsonObject[] {
  return (Array.isArray(op.security) ? op.security : (doc.security as JsonObject[] | undefined)) ?? [];
}

/** Every object of a JSON value, at any depth (schemas, examples and all). */
function* objectsIn(value: unknown, at = '#'): Generator<[string, JsonObject]> {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* objectsIn(v, `${at}/${i}`);
  } else if (isObject(value)) {
    yield [at, value];
    for (const [k, v] of Object.entries(value)) yield* objectsIn(v, `${at}/${k}`);
  }
}

/**
 * What a client generated from the document would trip over, one line per problem: every route a summary, an
 * `area.method` operationId, its error responses in the envelope with their codes (at least those every operation
 * of its kind can answer: 401 when secured, 404 with a path parameter, 400 with a body or query, 413 and 415 with a
 * JSON body, 429), body examples, optional
 * parameters where the server has a default, required envelope fields, one template per resource, no 3.0 leftovers.
 */
export function documentProblems(doc: JsonObject): string[] {
  const problems: string[] = [];
  if (!String(doc.openapi).startsWith('3.1.')) problems.push(`openapi is ${String(doc.openapi)}, not 3.1`);
  const servers = doc.servers as JsonObject[] | undefined;
  if (servers?.length !== 1 || servers[0].url !== '/') problems.push('servers must be [{url: "/"}]');
  if (!isObject((doc.info as JsonObject | undefined)?.license)) problems.push('info.license is missing');

  const ids = new Map<string, string>();
  const paramAt = new Map<string, string>();
  for (const { path, method, op } of operationsOf(doc)) {
    const where = `${method.toUpperCase()} ${path}`;
    if (typeof op.summary !== 'string' || op.summary.trim() === '') problems.push(`${where}: no summary`);
    const id = typeof op.operationId === 'string' ? op.operationId : '';
    if (!OPERATION_ID.test(id))
      problems.push(`${where}: operationId "${id}" does not read like tickets.list`);
    if (ids.has(id)) problems.push(`${where}: operationId ${id} is also ${ids.get(id)}`);
    ids.set(id, where);

    // one template per resource: the same position under the same prefix has one parameter name
    const segments = path.split('/');
    segments.forEach((segment, i) => {
      const name = /^\{(.+)\}$/.exec(segment)?.[1];
      if (!name) return;
      const prefix = segments
        .slice(0, i)
        .map((s) => (s.startsWith('{') ? '{}' : s))
        .join('/');
      const seen = paramAt.get(prefix);
      if (seen && seen !== name)
        problems.push(`${where}: {${name}} where other paths of ${prefix} use {${seen}}`);
      paramAt.set(prefix, seen ?? name);
    });

    const params = ((op.parameters as JsonObject[] | undefined) ?? []).map((p) => resolveRef(doc, p) ?? p);
    const headerNames = params.filter((p) => p.in === 'header').map((p) => String(p.name).toLowerCase());
    for (const name of new Set(headerNames)) {
      if (headerNames.filter((n) => n === name).length > 1)
        problems.push(`${where}: header ${name} declared twice`);
    }
    for (const p of params) {
      if (p.in !== 'path' && p.required === true && isObject(p.schema) && p.schema.default !== undefined)
        problems.push(`${where}: ${String(p.name)} has a default but is required`);
    }

    const body = isObject(op.requestBody) ? resolveRef(doc, op.requestBody) : undefined;
    for (const [type, media] of Object.entries(isObject(body?.content) ? body.content : {})) {
      if (!isObject(media) || (media.example === undefined && media.examples === undefined))
        problems.push(`${where}: no example of its ${type} body`);
    }

    const responses = isObject(op.responses) ? op.responses : {};
    if (!Object.keys(responses).some((s) => /^4(\d\d|XX)$/.test(s)))
      problems.push(`${where}: no 4XX response`);
    // the errors any operation of its kind can answer, whatever its own code decides
    const expected: Array<[number, string]> = [[429, 'the per-IP limit applies to every route']];
    if (securityOf(doc, op).length > 0) expected.push([401, 'it asks for credentials']);
    if (params.some((p) => p.in === 'path')) expected.push([404, 'it has a path parameter']);
    if (body !== undefined || params.some((p) => p.in === 'query'))
      expected.push([400, 'it takes a body or query parameters']);
    if (isObject(body?.content) && 'application/json' in body.content) {
      expected.push([413, 'it takes a JSON body, limited to 1 MiB']);
      expected.push([415, 'it takes a JSON body']);
    }
    for (const [status, why] of expected) {
      if (responses[String(status)] === undefined) problems.push(`${where}: no ${status} although ${why}`);
    }
    for (const [status, response] of Object.entries(responses)) {
      if (!isObject(response)) continue;
      const json = isObject(response.content) ? response.content['application/json'] : undefined;
      if (Number(status) >= 400 && OWN_ERROR_BODIES.has(`${where} ${status}`)) continue;
      if (Number(status) >= 400) {
        if (
          !isObject(json) ||
          (json.schema as JsonObject | undefined)?.$ref !== '#/components/schemas/ErrorEnvelope'
        ) {
          problems.push(`${where}: ${status} is not in the error envelope`);
          continue;
        }
        const codes = Object.values(isObject(json.examples) ? json.examples : {}).map(
          (e) => ((e as JsonObject).value as { error?: { code?: ErrorCode } } | undefined)?.error?.code,
        );
        if (codes.length === 0) problems.push(`${where}: ${status} names no error code`);
        for (const code of codes) {
          if (!code || statusOf(code) !== Number(status)) problems.push(`${where}: ${status} lists ${code}`);
        }
      } else if (status.startsWith('2') && isObject(json) && path.startsWith('/api/v1/')) {
        const schema = isObject(json.schema) ? resolveRef(doc, json.schema) : undefined;
        const required = (schema?.required as string[] | undefined) ?? [];
        for (const field of ['success', 'data', 'meta']) {
          if (!required.includes(field))
            problems.push(`${where}: ${status} envelope does not require ${field}`);
        }
        const pagination = (schema?.properties as JsonObject | undefined)?.pagination;
        if (isObject(pagination)) {
          if (!required.includes('pagination')) problems.push(`${where}: pagination is not required`);
          const page = resolveRef(doc, pagination);
          for (const field of ['page', 'limit', 'total', 'totalPages']) {
            if (!((page?.required as string[] | undefined) ?? []).includes(field))
              problems.push(`${where}: pagination.${field} is not required`);
          }
        }
      }
    }
  }

  for (const [at, o] of objectsIn(doc)) {
    if (at.includes('/example')) continue;
    if (Array.isArray(o.allOf) && o.allOf.length === 1) problems.push(`${at}: allOf with one member`);
    if (typeof o.nullable === 'boolean') problems.push(`${at}: nullable (3.0) instead of a null type`);
  }
  return problems;
}
