import { Department, DepartmentChanges, NewDepartment } from './domain/department';

export interface RowLock {
  /**
   * Inside a transaction, lock the row until it ends: `share` so it cannot change under a check that relies on it,
   * `update` to change it on the strength of what was read.
   */
  lock?: 'share' | 'update';
}

/** Port for departments; implemented with TypeORM in persistence/. Names are unique case-insensitively. */
export abstract class DepartmentRepository {
  /** every department, active or not, by name */
  abstract listAll(): Promise<Department[]>;
  abstract findById(id: string, options?: RowLock): Promise<Department | null>;
  /** @throws ConflictError when the name is taken */
  abstract create(department: NewDepartment): Promise<Department>;
  /** null when there is no such department; @throws ConflictError when the new name is taken */
  abstract update(id: string, changes: DepartmentChanges): Promise<Department | null>;
}
