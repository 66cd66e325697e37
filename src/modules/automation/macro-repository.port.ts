import { Page, PageRequest } from '../../common/pagination/page';
import { Macro, MacroActions, MacroScope } from './domain/macro';

export interface NewMacro {
  name: string;
  description: string | null;
  actions: MacroActions;
  departmentId: string | null;
  createdBy: string;
}

export type MacroChanges = Partial<Pick<Macro, 'name' | 'description' | 'actions'>>;

/** Macros; reads take the caller's macro scope. A name taken in the same department is a ConflictError. */
export abstract class MacroRepository {
  abstract create(macro: NewMacro): Promise<Macro>;
  abstract findVisible(scope: MacroScope, id: string): Promise<Macro | null>;
  abstract list(scope: MacroScope, page: PageRequest): Promise<Page<Macro>>;
  abstract update(id: string, changes: MacroChanges): Promise<Macro>;
  abstract remove(id: string): Promise<void>;
  abstract activeDepartmentExists(id: string): Promise<boolean>;
}
