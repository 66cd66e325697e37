export interface Department {
  id: string;
  name: string;
  description: string | null;
  /** new tickets of this department are round-robined to its available agents */
  autoAssign: boolean;
  /** the business calendar its SLA targets count in; null runs them 24×7 */
  calendarId: string | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type NewDepartment = Pick<Department, 'name' | 'description' | 'autoAssign' | 'calendarId'>;

/** Only the fields present change; `description: null` clears it. */
export type DepartmentChanges = Partial<NewDepartment & Pick<Department, 'isActive'>>;
