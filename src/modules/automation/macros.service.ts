import { scopeOf, SYSTEM_ACCESS } from '../../common/auth/scope-policy';
import { ScopedRecordReads } from '../../common/records/record-reads';
import { Injectable, Logger } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { ForbiddenError, ValidationFailedError } from '../../common/errors/domain-errors';
import { AuditTrail } from '../../common/audit/audit-trail';
import { UnitOfWork } from '../../common/unit-of-work';
import { TicketAssignment } from '../assignment/ticket-assignment.port';
import { MAX_TICKET_TAGS, Ticket } from '../tickets/domain/ticket';
import { actorsOf, canEdit, canMessage, EditableField } from '../tickets/domain/ticket-access';
import { checkTransition } from '../tickets/domain/ticket-transitions';
import { TicketRepository } from '../tickets/ticket-repository.port';
import { UpdateTicketInput } from '../tickets/ticket-commands.port';
import { TicketCommands } from '../tickets/ticket-commands.port';
import { TicketJournal } from '../tickets/ticket-journal.port';
import {
  canManageMacro,
  hasActions,
  Macro,
  MacroActions,
  macroScopeOf,
  MacroUser,
  normaliseActions,
  placeMacro,
  tagsAfter,
  MacroScope,
} from './domain/macro';
import { MacroChanges, MacroRepository } from './macro-repository.port';

export interface MacroInput {
  name: string;
  description?: string | null;
  actions: MacroActions;
  departmentId?: string | null;
}

/**
 * Macros: named bundles of ticket actions. Applying one runs every action in one transaction through the same
 * commands a user calls by hand (so the same permission and transition rules hold, and each change writes its own
 * history row and event); a refused action refuses the whole macro before anything changes.
 */
@Injectable()
export class MacrosService extends ScopedRecordReads<Macro, MacroUser, MacroScope> {
  private readonly logger = new Logger(MacrosService.name);

  constructor(
    private readonly macros: MacroRepository,
    private readonly ticketCommands: TicketCommands,
    private readonly journal: TicketJournal,
    private readonly ticketRows: TicketRepository,
    private readonly assignment: TicketAssignment,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
  ) {
    super(macros, macroScopeOf, 'Macro');
  }

  async create(user: MacroUser, input: MacroInput): Promise<Macro> {
    const placement = placeMacro(user, input.departmentId);
    if (!placement.ok) {
      if (placement.kind === 'forbidden') throw new ForbiddenError(placement.reason);
      throw new ValidationFailedError(`departmentId: ${placement.reason}`, [
        { field: 'departmentId', message: placement.reason },
      ]);
    }
    if (placement.departmentId && !(await this.macros.activeDepartmentExists(placement.departmentId)))
      throw new ValidationFailedError('departmentId: no such active department', [
        { field: 'departmentId', message: 'no such active department' },
      ]);
    const actions = validActions(input.actions);
    return this.uow.run(async (tx) => {
      const macro = await this.macros.create({
        name: input.name,
        description: input.description ?? null,
        actions,
        departmentId: placement.departmentId,
        createdBy: user.id,
      });
      await this.audit.created(tx, 'macro', macro, user.id);
      return macro;
    });
  }

  async update(
    user: MacroUser,
    id: string,
    input: Partial<Omit<MacroInput, 'departmentId'>>,
  ): Promise<Macro> {
    const changes: MacroChanges = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.description !== undefined) changes.description = input.description;
    if (input.actions !== undefined) changes.actions = validActions(input.actions);
    if (Object.keys(changes).length === 0) {
      throw new ValidationFailedError('Nothing to change: send name, description or actions');
    }
    return this.uow.run(async (tx) => {
      const macro = await this.manageable(user, id);
      const updated = await this.macros.update(macro.id, changes);
      await this.audit.updated(tx, 'macro', macro, updated, user.id);
      return updated;
    });
  }

  async remove(user: MacroUser, id: string): Promise<void> {
    await this.uow.run(async (tx) => {
      const macro = await this.manageable(user, id);
      await this.macros.remove(macro.id);
      await this.audit.deleted(tx, 'macro', macro, user.id);
    });
  }

  /** Applies every action of the macro to the ticket, or none: all in one transaction. */
  async apply(user: Actor, ticketId: string, macroId: string): Promise<Ticket> {
    const viewer = user;
    const macro = await this.get(user, macroId);
    const a = macro.actions;
    const ticket = await this.uow.run(async () => {
      const locked = await this.journal.lock(viewer, ticketId);
      refuseForbidden(viewer, locked, a);
      const tags = a.tags !== undefined ? tagsAfter(locked.tags, a.tags) : undefined;
      if (tags && tags.length > MAX_TICKET_TAGS) {
        throw new ValidationFailedError(
          `The macro would leave the ticket with ${tags.length} tags; a ticket has at most ${MAX_TICKET_TAGS}`,
          [
            {
              field: 'actions.tags.add',
              message: `would make ${tags.length} tags, at most ${MAX_TICKET_TAGS}`,
            },
          ],
        );
      }
      // assignment first: its own refusals (who may assign to whom) then also come before any change
      if (a.assigneeId !== undefined) {
        await this.assignment.assign(user, locked.id, { assigneeId: a.assigneeId });
      }
      const fields: UpdateTicketInput = {};
      if (a.priority !== undefined) fields.priority = a.priority;
      if (tags !== undefined) fields.tags = tags;
      if (Object.keys(fields).length > 0) await this.ticketCommands.update(user, locked.id, fields);
      if (a.reply !== undefined) {
        await this.ticketCommands.addMessage(user, locked.id, a.reply.body, a.reply.internal);
      }
      if (a.status !== undefined) {
        await this.ticketCommands.changeStatus(user, locked.id, a.status, `macro "${macro.name}"`);
      }
      // the answer as the caller reads it (the ticket it was merged into named only if they may see that too)
      const current = (await this.ticketRows.findVisible(SYSTEM_ACCESS, { id: locked.id }))!;
      return this.ticketRows.seenBy(scopeOf(viewer), current);
    });
    this.logger.log({ ticketId: ticket.id, macroId: macro.id, actorId: user.id }, 'macro applied');
    return ticket;
  }

  private async manageable(user: MacroUser, id: string): Promise<Macro> {
    const macro = await this.get(user, id);
    if (!canManageMacro(user, macro)) throw new ForbiddenError('You may not change this macro');
    return macro;
  }
}

function validActions(actions: MacroActions): MacroActions {
  const normal = normaliseActions(actions);
  if (!hasActions(normal)) {
    throw new ValidationFailedError('A macro needs at least one action', [
      { field: 'actions', message: 'must name at least one action' },
    ]);
  }
  return normal;
}

/**
 * The 403s of the actions, checked against the ticket before any of them runs: editing fields, replying or adding
 * notes, and moves that exist but are not the caller's to make. (Moves the table lacks, and the assignment's own
 * rules, refuse during the run, which rolls the transaction back.)
 */
function refuseForbidden(viewer: Actor, ticket: Ticket, a: MacroActions): void {
  const fields: EditableField[] = [];
  if (a.priority !== undefined) fields.push('priority');
  if (a.tags !== undefined) fields.push('tags');
  if (fields.length > 0) {
    const check = canEdit(viewer, ticket, fields);
    if (!check.ok) throw new ForbiddenError(check.reason);
  }
  if (a.reply !== undefined) {
    const check = canMessage(viewer, ticket, a.reply.internal);
    if (!check.ok) throw new ForbiddenError(check.reason);
  }
  if (a.status !== undefined) {
    const check = checkTransition(ticket.status, a.status, actorsOf(viewer, ticket));
    if (!check.ok && check.reason === 'forbidden') {
      throw new ForbiddenError(`You may not move this ticket from ${ticket.status} to ${a.status}`);
    }
  }
}
