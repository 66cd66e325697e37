import { isISO8601, registerDecorator, ValidationOptions } from 'class-validator';

/**
 * Whether `value` is a strict ISO 8601 date (or date and time) that `new Date()` also reads. ISO 8601 allows forms
 * JavaScript does not parse (week dates `2026-W01-1`, ordinal dates `2026-100`, the basic format `20260101`);
 * they would become an Invalid Date.
 */
export const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && isISO8601(value, { strict: true }) && !Number.isNaN(Date.parse(value));

/** A date and time in ISO 8601 extended form, such as `2026-12-01T09:00:00Z`: a 400 naming the field otherwise. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => isInstant(value),
        defaultMessage: (args) =>
          `${args?.property} must be an ISO 8601 date and time such as 2026-12-01T09:00:00Z ` +
          '(week dates, ordinal dates and the basic format without dashes are not accepted)',
      },
    });
}
