import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '../../common/errors/domain-errors';
import { ResolvedDraft, TicketDraft, TicketIntake, unknownReference } from './ticket-intake.port';
import { TicketIntakeSlot } from './ticket-intake-slot.port';

/** The intake tickets calls: the plugged-in one, else one that knows no template, category or item. */
@Injectable()
export class PluggableTicketIntake extends TicketIntakeSlot implements TicketIntake {
  private plugged: TicketIntake | null = null;

  plug(intake: TicketIntake): void {
    this.plugged = intake;
  }

  resolve(draft: TicketDraft): Promise<ResolvedDraft> {
    if (this.plugged) return this.plugged.resolve(draft);
    const { templateId, ...rest } = draft;
    const refused = [
      templateId ? unknownReference('templateId', 'ticket template') : null,
      rest.serviceItemId ? unknownReference('serviceItemId', 'service item') : null,
      rest.categoryId ? unknownReference('categoryId', 'service category') : null,
    ].filter((p) => p !== null);
    if (refused.length > 0) {
      throw new ValidationFailedError(`${refused[0].field} ${refused[0].message}`, refused);
    }
    return Promise.resolve({ ...rest, requiresApproval: false });
  }

  categoryUsable(categoryId: string): Promise<boolean> {
    return this.plugged ? this.plugged.categoryUsable(categoryId) : Promise.resolve(false);
  }

  checkCustomFields(serviceItemId: string, customFields: Record<string, unknown>): Promise<void> {
    return this.plugged ? this.plugged.checkCustomFields(serviceItemId, customFields) : Promise.resolve();
  }
}
