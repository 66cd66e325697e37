import { Department } from '../domain/department';
import { DepartmentResponseDto } from './department.dto';

export const toDepartmentResponse = (department: Department): DepartmentResponseDto => ({
  id: department.id,
  name: department.name,
  description: department.description,
  autoAssign: department.autoAssign,
  calendarId: department.calendarId,
  isActive: department.isActive,
  createdAt: department.createdAt.toISOString(),
  updatedAt: department.updatedAt.toISOString(),
});
