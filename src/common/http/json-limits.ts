import { ValidationFailedError } from '../errors/domain-errors';

/** Deepest nesting a JSON body may have. The DTOs need a handful of levels; free-form fields are capped lower. */
export const MAX_JSON_BODY_DEPTH = 32;

/** The 400 for JSON nesting deeper than MAX_JSON_BODY_DEPTH: a body (`field` body) or a JSON-typed multipart field. */
export const tooDeeplyNested = (field: string): ValidationFailedError =>
  new ValidationFailedError('The request is not valid', [
    { field, message: `must not nest more than ${MAX_JSON_BODY_DEPTH} levels` },
  ]);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether a JSON text nests deeper than `limit`, found by one pass over its bytes without parsing (strings skipped;
 * UTF-8 continuation bytes never look like ASCII), so an over-deep body is refused before anything recurses into it.
 */
export function jsonNestsDeeperThan(body: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > limit) return true; // [ {
    } else if (byte === 0x5d || byte === 0x7d) depth--; // ] }
  }
  return false;
}

/**
 * Whether an already parsed value nests deeper than `limit` (an object or array counting as one level), found
 * without recursion and stopping at the first level too deep: for values no byte scan bounded before parsing.
 */
export function jsonValueNestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; level: number }> = [{ value, level: 1 }];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.level > limit) return true;
    const children = Array.isArray(next.value) ? next.value : Object.values(next.value);
    for (const child of children as unknown[]) stack.push({ value: child, level: next.level + 1 });
  }
  return false;
}

export interface JsonShape {
  /** bytes of its JSON text */
  bytes: number;
  /** levels of objects and arrays, the value itself counting as 1 */
  depth: number;
  /** object keys, at every level */
  keys: number;
}

/** Size, depth and key count of an already parsed value (the parser bounded its depth), without recursion. */
export function jsonShape(value: unknown): JsonShape {
  let depth = 0;
  let keys = 0;
  const stack: Array<{ value: unknown; level: number }> = [{ value, level: 1 }];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next.value === null || typeof next.value !== 'object') continue;
    depth = Math.max(depth, next.level);
    const children = Array.isArray(next.value) ? next.value : Object.values(next.value);
    if (!Array.isArray(next.value)) keys += children.length;
    for (const child of children) stack.push({ value: child, level: next.level + 1 });
  }
  return { bytes: Buffer.byteLength(JSON.stringify(value ?? null) ?? 'null', 'utf8'), depth, keys };
}
