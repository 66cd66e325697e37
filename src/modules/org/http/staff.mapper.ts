import { StaffMember } from '../domain/staff';
import { StaffResponseDto } from './staff.dto';

export const toStaffResponse = (member: StaffMember): StaffResponseDto => ({
  userId: member.userId,
  email: member.email,
  fullName: member.fullName,
  role: member.role,
  departmentId: member.departmentId,
  teamId: member.teamId,
  available: member.available,
  isActive: member.isActive,
});
