import { Injectable, PipeTransform } from '@nestjs/common';
import { NotFoundError } from '../errors/domain-errors';
import { UUID_PATTERN } from '../ids';

/** A path id that is not a UUID names nothing: 404, as a missing resource (never a 500 from PostgreSQL). */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(private readonly resource = 'Resource') {}

  transform(value: string): string {
    if (typeof value !== 'string' || !UUID_PATTERN.test(value)) throw new NotFoundError(this.resource);
    return value.toLowerCase();
  }
}
