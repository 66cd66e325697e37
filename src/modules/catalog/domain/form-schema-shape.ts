import { linearPatternProblem } from './linear-regexp';

/** How many subschemas a form may check, counting each `$ref` as a copy of what it points to. */
export const MAX_FORM_SUBSCHEMAS = 5000;
/** How deeply subschemas may nest, again following each `$ref`. */
export const MAX_FORM_DEPTH = 32;

type Schema = Record<string, unknown>;

/** Keywords whose value is one subschema, a list of them, or a map of names to them. */
const ONE = ['additionalProperties', 'propertyNames', 'not', 'if', 'then', 'else', 'contains'];
const ONE_MORE = ['items', 'additionalItems', 'unevaluatedItems', 'unevaluatedProperties'];
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const MAP = ['properties', 'patternProperties', 'dependentSchemas', 'dependencies'];
const DEFS = ['$defs', 'definitions'];

/** Identifiers and dynamic references: a form refers to its own definitions by JSON pointer only. */
const FORBIDDEN = ['$anchor', '$dynamicAnchor', '$dynamicRef', '$recursiveAnchor', '$recursiveRef'];

const LOCAL_REF = /^#\/(\$defs|definitions)\/([A-Za-z0-9_.-]+)$/;

/**
 * What the form's shape does wrong, or null. A form is a flat description of a ticket's fields, so it may not do
 * what could make checking it throw or take more than linear time: no recursion (a `$ref` cycle, even one that
 * goes through `properties`, overflows the stack or never ends), references only as `#/$defs/<name>` into the
 * root's own definitions (no `$id` below the root, no anchors, no dynamic or recursive references), no more than
 * MAX_FORM_SUBSCHEMAS subschemas once references are counted as copies (shared definitions nested in each other
 * grow exponentially), and only patterns the linear-time engine runs (see linear-regexp.ts).
 */
export function formShapeProblem(root: Schema): string | null {
  const defs = new Map<string, Schema | boolean>();
  for (const key of DEFS) {
    const group = root[key];
    if (!isSchema(group)) continue;
    for (const [name, def] of Object.entries(group)) {
      if (isSchema(def) || typeof def === 'boolean') defs.set(`#/${key}/${name}`, def);
    }
  }
  const measured = new Map<string, Measure | 'open'>();
  let problem: string | null = null;
  const fail = (message: string): Measure => {
    problem ??= message;
    return { count: MAX_FORM_SUBSCHEMAS + 1, height: MAX_FORM_DEPTH + 1 };
  };
  const add = (into: Measure, child: Measure) => {
    into.count += child.count;
    into.height = Math.max(into.height, child.height + 1);
  };

  /** subschemas of `schema` (at `at`, a JSON pointer) and how deeply they nest, each `$ref` counted as its target */
  const measure = (schema: unknown, at: string, depth: number, isRoot = false): Measure => {
    const total: Measure = { count: 1, height: 0 };
    if (problem !== null || !isSchema(schema)) return total;
    if (depth > MAX_FORM_DEPTH) return fail(tooDeep(at));
    for (const keyword of FORBIDDEN) {
      if (keyword in schema)
        return fail(`must not use ${keyword} (at ${at || '/'}): refer to "#/$defs/<name>"`);
    }
    if (!isRoot && '$id' in schema) return fail(`must not use $id below the root (at ${at})`);
    const patterns = [
      ...(typeof schema.pattern === 'string' ? [['pattern', schema.pattern]] : []),
      ...(isSchema(schema.patternProperties)
        ? Object.keys(schema.patternProperties).map((key) => ['patternProperties key', key])
        : []),
    ];
    for (const [what, pattern] of patterns) {
      const bad = linearPatternProblem(pattern);
      if (bad) return fail(`${what} ${JSON.stringify(pattern)} at ${at || '/'} ${bad}`);
    }
    if ('$ref' in schema) {
      const target = measureRef(schema.$ref, at, depth);
      total.count += target.count;
      total.height = Math.max(total.height, target.height);
    }
    for (const [keyword, value] of Object.entries(schema)) {
      const here = `${at}/${keyword}`;
      if (ONE.includes(keyword) || (ONE_MORE.includes(keyword) && !Array.isArray(value))) {
        add(total, measure(value, here, depth + 1));
      } else if (LIST.includes(keyword) || ONE_MORE.includes(keyword)) {
        if (Array.isArray(value)) value.forEach((v, i) => add(total, measure(v, `${here}/${i}`, depth + 1)));
      } else if (MAP.includes(keyword) || (DEFS.includes(keyword) && isRoot)) {
        if (isSchema(value))
          for (const [k, v] of Object.entries(value)) add(total, measure(v, `${here}/${k}`, depth + 1));
      } else if (DEFS.includes(keyword)) {
        return fail(`must keep its definitions in the root's $defs (found ${keyword} at ${at})`);
      }
      if (total.count > MAX_FORM_SUBSCHEMAS) return fail(tooMany);
      if (total.height > MAX_FORM_DEPTH) return fail(tooDeep(at));
    }
    return total;
  };

  const measureRef = (ref: unknown, at: string, depth: number): Measure => {
    const target = typeof ref === 'string' && LOCAL_REF.test(ref) ? ref : null;
    if (target === null || !defs.has(target)) {
      return fail(
        `$ref ${JSON.stringify(ref)} at ${at || '/'} must name one of the schema's own "#/$defs/<name>"`,
      );
    }
    const known = measured.get(target);
    if (known === 'open') return fail(`must not be recursive: ${target} refers back to itself`);
    if (known !== undefined) return known;
    measured.set(target, 'open');
    const result = measure(defs.get(target), target.slice(1), depth);
    measured.set(target, result);
    return result;
  };

  measure(root, '', 0, true);
  return problem;
}

interface Measure {
  count: number;
  height: number;
}

const tooMany = `must not have more than ${MAX_FORM_SUBSCHEMAS} subschemas once each $ref is counted as a copy`;
const tooDeep = (at: string) =>
  `must not nest subschemas more than ${MAX_FORM_DEPTH} deep, $ref included (at ${at || '/'})`;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
