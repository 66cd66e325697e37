import { TicketIntake } from './ticket-intake.port';

/**
 * Where the module that implements the intake plugs it in, at module init. Until one does, templates, categories
 * and service items are refused as unknown.
 */
export abstract class TicketIntakeSlot {
  abstract plug(intake: TicketIntake): void;
}
