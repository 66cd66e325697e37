import { registerDecorator, ValidationOptions } from 'class-validator';

/** Refuses values whose JSON is larger than `bytes`, so free-form objects cannot balloon rows. */
export function MaxJsonSize(bytes: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'maxJsonSize',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? null), 'utf8') <= bytes,
        defaultMessage: (args) => `${args?.property} must be at most ${bytes} bytes as JSON`,
      },
    });
}
