import { Macro } from '../domain/macro';
import { MacroResponseDto } from './macro.dto';

export const toMacroResponse = (m: Macro): MacroResponseDto => ({
  id: m.id,
  name: m.name,
  description: m.description,
  actions: m.actions,
  departmentId: m.departmentId,
  createdBy: m.createdBy,
  createdAt: m.createdAt.toISOString(),
  updatedAt: m.updatedAt.toISOString(),
});
