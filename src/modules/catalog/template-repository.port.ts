import { Page, PageRequest } from '../../common/pagination/page';
import { TicketTemplate } from './domain/catalog';

export type NewTemplate = Omit<TicketTemplate, 'id' | 'createdAt' | 'updatedAt'>;
export type TemplateChanges = Partial<Omit<NewTemplate, 'ownerId'>>;

export abstract class TemplateRepository {
  abstract list(page: PageRequest): Promise<Page<TicketTemplate>>;
  abstract findById(id: string): Promise<TicketTemplate | null>;
  abstract insert(template: NewTemplate): Promise<TicketTemplate>;
  abstract update(id: string, changes: TemplateChanges): Promise<TicketTemplate | null>;
  abstract delete(id: string): Promise<void>;
}
