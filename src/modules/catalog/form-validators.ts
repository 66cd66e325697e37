import { Injectable, Logger } from '@nestjs/common';
import { ConflictError } from '../../common/errors/domain-errors';
import { ServiceItem } from './domain/catalog';
import { compileFormSchema, FormSchemaFault, FormValidator } from './domain/form-schema';

const MAX_CACHED = 500;
/** A broken form is warned about at most once in this long per item version, however many filings it refuses. */
const WARN_EVERY_MS = 60_000;

/**
 * Compiled form validators, one per item version: a schema is compiled once, and an edit (which bumps the version)
 * is picked up without any invalidation. The oldest entries go first when the cache is full.
 *
 * A stored schema that no longer compiles (it was saved before today's rules) or that throws when run is a fault of
 * the item's configuration, not of the request: filing against it is 409 CONFLICT naming serviceItemId, and a
 * warning with the item's id tells the administrators to fix or remove its formSchema: once a minute at the most per
 * item version (with how many filings it refused since the last one), so a client retrying cannot flood the log.
 */
@Injectable()
export class FormValidators {
  private readonly logger = new Logger(FormValidators.name);
  private readonly compiled = new Map<string, FormValidator>();

  /** null when the item has no form */
  forItem(item: Pick<ServiceItem, 'id' | 'version' | 'formSchema'>): FormValidator | null {
    if (!item.formSchema) return null;
    const key = `${item.id}@${item.version}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const result = compileFormSchema(item.formSchema);
    const check = result.ok ? result.validate : refuseAll(result.problem);
    let warnedAt = -Infinity;
    let refusedSince = 0;
    const validate: FormValidator = (customFields) => {
      try {
        return check(customFields);
      } catch (error) {
        if (!(error instanceof FormSchemaFault)) throw error;
        refusedSince += 1;
        if (Date.now() - warnedAt >= WARN_EVERY_MS) {
          this.logger.warn(
            `The form schema of service item ${item.id} (version ${item.version}) ${error.problem}; ` +
              'tickets for it are refused until an administrator fixes its formSchema ' +
              `(${refusedSince} refused since the last warning)`,
          );
          warnedAt = Date.now();
          refusedSince = 0;
        }
        throw new ConflictError(
          'The form of this service item cannot be checked; an administrator must fix it',
          [{ field: 'serviceItemId', message: 'its formSchema is not usable' }],
        );
      }
    };
    if (this.compiled.size >= MAX_CACHED) this.compiled.delete(this.compiled.keys().next().value!);
    this.compiled.set(key, validate);
    return validate;
  }

  /** how many versions are compiled (for tests and metrics) */
  get size(): number {
    return this.compiled.size;
  }
}

function refuseAll(problem: string): FormValidator {
  return () => {
    throw new FormSchemaFault(`no longer compiles: it ${problem}`);
  };
}
