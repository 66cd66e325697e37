export interface Department {
  id: string;
  name: string;
  description: string | null;
  /** new tickets of this department are round-robined to its available agents */
  autoAssign: boolean;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewDepartment {
  name: string;
  description: string | null;
  autoAssign: boolean;
}

/** Only the fields present change; `description: null` clears it. */
export interface DepartmentChanges {
  name?: string;
  description?: string | null;
  autoAssign?: boolean;
  isActive?: boolean;
}
