import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { FieldProblem } from '../../../common/errors/domain-errors';
import { formShapeProblem } from './form-schema-shape';
import { linearRegExp } from './linear-regexp';

/**
 * Checks a ticket's customFields: one problem per failing field, none when they are valid. Throws FormSchemaFault
 * when the schema itself cannot be run (a fault of the item's configuration, never of the customFields).
 */
export type FormValidator = (customFields: Record<string, unknown>) => FieldProblem[];

/** A stored form schema that cannot be compiled or run; `problem` says why. */
export class FormSchemaFault extends Error {
  constructor(readonly problem: string) {
    super(`form schema ${problem}`);
    this.name = 'FormSchemaFault';
  }
}

/** Ajv's hook for the RegExp of `pattern` and `patternProperties`: the linear-time engine (see linear-regexp.ts). */
const linearEngine = Object.assign((pattern: string) => linearRegExp(pattern), { code: 'linearRegExp' });

export const MAX_FORM_SCHEMA_BYTES = 32 * 1024;

/**
 * A fresh validator per schema: JSON Schema draft 2020-12, strict about unknown keywords, every error reported.
 * Nothing is ever fetched: a `$ref` that the schema does not itself define fails to compile.
 */
function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strictSchema: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    // else Ajv tests each patternProperties key against the property names on the backtracking engine
    allowMatchingProperties: true,
    validateFormats: true,
    logger: false,
    code: { regExp: linearEngine },
  });
  addFormats(ajv);
  return ajv;
}

/**
 * Compiles a service item's form schema, or says what is wrong with it (for a 400 naming the problem when the
 * item is saved). The schema must describe an object, since customFields is one, and be synchronous (no `$async`,
 * nested ones do not compile).
 */
export function compileFormSchema(
  schema: unknown,
): { ok: true; validate: FormValidator } | { ok: false; problem: string } {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return { ok: false, problem: 'must be a JSON Schema object' };
  }
  if (Buffer.byteLength(JSON.stringify(schema), 'utf8') > MAX_FORM_SCHEMA_BYTES) {
    return { ok: false, problem: `must be at most ${MAX_FORM_SCHEMA_BYTES} bytes as JSON` };
  }
  const declared = (schema as Record<string, unknown>).$schema;
  if (declared !== undefined && declared !== 'https://json-schema.org/draft/2020-12/schema') {
    return {
      ok: false,
      problem: '$schema must be https://json-schema.org/draft/2020-12/schema (or left out)',
    };
  }
  const type = (schema as Record<string, unknown>).type;
  if (type !== undefined && type !== 'object') {
    return { ok: false, problem: 'must describe an object (type "object"), as customFields is one' };
  }
  // Ajv's own keyword: an asynchronous check answers a Promise, which would pass every customFields
  const ASYNC_PROBLEM = 'must not be asynchronous ($async): a form is checked as the ticket is saved';
  if ('$async' in schema) return { ok: false, problem: ASYNC_PROBLEM };
  try {
    const shape = formShapeProblem(schema as Record<string, unknown>);
    if (shape !== null) return { ok: false, problem: shape };
    const check = newAjv().compile(schema);
    if ((check as { $async?: true }).$async) return { ok: false, problem: ASYNC_PROBLEM };
    const validate: FormValidator = (customFields) => {
      let valid: unknown;
      try {
        valid = check(customFields);
      } catch (error) {
        throw new FormSchemaFault(`cannot be run: ${error instanceof Error ? error.message : String(error)}`);
      }
      // an asynchronous check that slipped through answers a Promise: never take that as valid
      if (valid !== true && valid !== false) throw new FormSchemaFault(ASYNC_PROBLEM);
      return valid ? [] : fieldProblems(check.errors ?? []);
    };
    return { ok: true, validate };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `is not a valid JSON Schema: ${message.slice(0, 300)}` };
  }
}

/** `/specs/0/ram` → `customFields.specs[0].ram` */
function fieldPath(instancePath: string, child?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  return parts.reduce(
    (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : `${path}.${part}`),
    'customFields',
  );
}

/** One problem per field: the first error reported for it, with the property it concerns named. */
function fieldProblems(errors: readonly ErrorObject[]): FieldProblem[] {
  const byField = new Map<string, string>();
  for (const e of errors) {
    const params = e.params as Record<string, unknown>;
    let field: string;
    let message = e.message ?? 'is not valid';
    if (e.keyword === 'required' && typeof params.missingProperty === 'string') {
      field = fieldPath(e.instancePath, params.missingProperty);
      message = 'is required';
    } else if (e.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      field = fieldPath(e.instancePath, params.additionalProperty);
      message = 'is not allowed';
    } else if (e.keyword === 'enum' && Array.isArray(params.allowedValues)) {
      field = fieldPath(e.instancePath);
      message = `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    } else {
      field = fieldPath(e.instancePath);
    }
    if (!byField.has(field)) byField.set(field, message);
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}
