import { Injectable } from '@nestjs/common';
import { ProcessReferenceCache } from '../../common/cache/process-reference-cache';
import { ConflictError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-errors';
import { Page, pageOf, PageRequest } from '../../common/pagination/page';
import { AuditTrail } from '../../common/audit/audit-trail';
import { runThen, Transaction, UnitOfWork } from '../../common/unit-of-work';
import { DepartmentCalendarChanges } from './department-calendar-changes';
import { DepartmentRepository } from './department-repository.port';
import { Actor } from '../../common/auth/actor';
import { Department, DepartmentChanges, NewDepartment } from './domain/department';
import { Role } from './domain/role';
import { ReferenceCache } from './reference-cache.port';

@Injectable()
export class DepartmentsService {
  constructor(
    private readonly departments: DepartmentRepository,
    private readonly cache: ReferenceCache,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
    private readonly calendarChanges: DepartmentCalendarChanges,
    private readonly reference: ProcessReferenceCache,
  ) {}

  /** Active departments for everyone; admins may include deactivated ones. */
  async list(actor: Actor, includeInactive: boolean, page: PageRequest): Promise<Page<Department>> {
    const all = await this.all();
    const visible =
      includeInactive && actor.role === Role.ADMIN ? all : all.filter((department) => department.isActive);
    return pageOf(visible, page);
  }

  /** A deactivated department is visible to admins only. */
  async get(actor: Actor, id: string): Promise<Department> {
    const department = (await this.all()).find((d) => d.id === id);
    if (!department || (!department.isActive && actor.role !== Role.ADMIN))
      throw new NotFoundError('Department');
    return department;
  }

  async create(input: NewDepartment): Promise<Department> {
    return this.write(async (tx) => {
      const created = await this.departments.create(input);
      await this.audit.created(tx, 'department', created);
      return created;
    });
  }

  async update(id: string, changes: DepartmentChanges, action = 'department.updated'): Promise<Department> {
    const written = await this.write(async (tx) => {
      const before = await this.departments.findById(id, { lock: 'update' });
      if (!before) return null;
      const after = await this.departments.update(id, changes);
      if (!after) return null;
      await this.audit.record(tx, { action, entityType: 'department', entityId: id, before, after });
      return { before, after };
    });
    if (!written) throw new NotFoundError('Department');
    // after the commit: its open tickets' due times now count in the other calendar
    if (written.before.calendarId !== written.after.calendarId) await this.calendarChanges.changed(id);
    return written.after;
  }

  /** Deactivates: the row stays (tickets and staff refer to it), it leaves the default lists. */
  async deactivate(id: string): Promise<void> {
    await this.update(id, { isActive: false }, 'department.deactivated');
  }

  /**
   * The department a user, team or ticket is being placed in, read from the database (locked when inside a
   * transaction): an unknown id is a 400 on `field`, a deactivated department a 409.
   */
  async requireActive(id: string, field = 'departmentId'): Promise<Department> {
    const department = await this.departments.findById(id, { lock: 'share' });
    if (!department)
      throw new ValidationFailedError('The request is not valid', [
        { field, message: 'no department has this id' },
      ]);
    if (!department.isActive) throw new ConflictError(`Department "${department.name}" is deactivated`);
    return department;
  }

  /** after a write commits: the lists, and what processes keep of departments (auto-assignment, calendars) */
  private async dropCopies(): Promise<void> {
    await Promise.all([this.cache.invalidateDepartments(), this.reference.changed()]);
  }

  private all(): Promise<Department[]> {
    return this.cache.departments(() => this.departments.listAll());
  }

  /** Runs `work` in one transaction; once it has committed, every process's copies are dropped. */
  private write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return runThen(this.uow, () => this.dropCopies(), work);
  }
}
