import { registerDecorator, ValidationOptions } from 'class-validator';
import { passwordProblem } from '../../org/domain/password-policy';

/** A password of 10 to 72 UTF-8 bytes (bcrypt's limit; longer ones are refused, never truncated). */
export function IsPassword(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isPassword',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && passwordProblem(value) === null,
        defaultMessage: (args) =>
          typeof args?.value === 'string'
            ? `${args.property} ${passwordProblem(args.value)}`
            : `${args?.property} must be a string`,
      },
    });
}
