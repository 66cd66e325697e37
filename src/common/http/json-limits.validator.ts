import { registerDecorator, ValidationOptions } from 'class-validator';
import { jsonShape } from './json-limits';

export interface JsonLimits {
  maxBytes: number;
  /** levels of objects and arrays, the field's own value being the first */
  maxDepth: number;
  /** object keys in all, at every level */
  maxKeys: number;
}

/** Free-form `customFields` (tickets, templates): what a form fills in, not a document store. */
export const CUSTOM_FIELDS_LIMITS: JsonLimits = { maxBytes: 16 * 1024, maxDepth: 5, maxKeys: 100 };

function problem(value: unknown, limits: JsonLimits): string | null {
  const shape = jsonShape(value);
  if (shape.bytes > limits.maxBytes) return `must be at most ${limits.maxBytes} bytes as JSON`;
  if (shape.depth > limits.maxDepth) return `must not nest more than ${limits.maxDepth} levels`;
  if (shape.keys > limits.maxKeys) return `must have at most ${limits.maxKeys} keys in all`;
  return null;
}

/** Refuses free-form JSON values past a size, a nesting depth or a number of keys, so they cannot balloon rows. */
export function JsonWithin(limits: JsonLimits, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'jsonWithin',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => problem(value, limits) === null,
        defaultMessage: (args) => `${args?.property} ${problem(args?.value, limits) ?? 'is not valid'}`,
      },
    });
}
