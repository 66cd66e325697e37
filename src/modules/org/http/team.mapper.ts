import { Team } from '../domain/team';
import { TeamResponseDto } from './team.dto';

export const toTeamResponse = (team: Team): TeamResponseDto => ({
  id: team.id,
  departmentId: team.departmentId,
  name: team.name,
  leadId: team.leadId,
  isActive: team.isActive,
  createdAt: team.createdAt.toISOString(),
  updatedAt: team.updatedAt.toISOString(),
});
