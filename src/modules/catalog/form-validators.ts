import { Injectable } from '@nestjs/common';
import { ServiceItem } from './domain/catalog';
import { compileFormSchema, FormValidator } from './domain/form-schema';

const MAX_CACHED = 500;

/**
 * Compiled form validators, one per item version: a schema is compiled once, and an edit (which bumps the version)
 * is picked up without any invalidation. The oldest entries go first when the cache is full.
 */
@Injectable()
export class FormValidators {
  private readonly compiled = new Map<string, FormValidator>();

  /** null when the item has no form */
  forItem(item: Pick<ServiceItem, 'id' | 'version' | 'formSchema'>): FormValidator | null {
    if (!item.formSchema) return null;
    const key = `${item.id}@${item.version}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const result = compileFormSchema(item.formSchema);
    // saved schemas were compiled when they were saved; failing now is a fault of the server, not of the request
    if (!result.ok) throw new Error(`The stored form schema of service item ${item.id} no longer compiles`);
    if (this.compiled.size >= MAX_CACHED) this.compiled.delete(this.compiled.keys().next().value!);
    this.compiled.set(key, result.validate);
    return result.validate;
  }

  /** how many versions are compiled (for tests and metrics) */
  get size(): number {
    return this.compiled.size;
  }
}
