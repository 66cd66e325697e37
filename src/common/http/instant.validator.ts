import { registerDecorator, ValidationOptions } from 'class-validator';
import { INSTANT_FORM, readInstant } from '../time/instant';

/**
 * Whether `value` is an instant the API reads (see readInstant): a strict ISO 8601 date, or date and time, that
 * JavaScript and PostgreSQL both read as written. Week dates, ordinal dates, the basic format, impossible days
 * (2024-02-30), hour 24, years outside 0001 to 9999 and offsets past ±15:59 are refused.
 */
export const isInstant = (value: unknown): value is string => readInstant(value) !== null;

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
        defaultMessage: (args) => `${args?.property} ${INSTANT_FORM}`,
      },
    });
}
