import { Resource, Route } from '../../../common/http/route.decorator';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { STAFF } from '../../../common/auth/role';
import { CallerCollection } from '../../../common/http/crud-routes';
import { IdParam } from '../../../common/http/id-param.pipe';
import { TicketResponseDto } from '../../tickets/ticket-response.dto';
import { toTicketResponse } from '../../tickets/ticket-response.mapper';
import { MacrosService } from '../macros.service';
import { CreateMacroDto, MacroResponseDto, UpdateMacroDto } from './macro.dto';
import { toMacroResponse } from './macro.mapper';

const MacroId = (name = 'id') => IdParam('Macro', name);
const TAKEN = 'CONFLICT: the name is taken in that department';
const STAFF_ONLY = 'requires role AGENT, TEAM_LEAD or ADMIN';

@Resource('macros', 'macros', STAFF)
export class MacrosController extends CallerCollection('Macro', MacroResponseDto, toMacroResponse, {
  list: { summary: 'Macros for your department and for every department, by name (ADMIN: all)' },
  get: { summary: 'One macro', notFound: 'no such macro, or one of another department than yours' },
  create: {
    body: CreateMacroDto,
    summary: 'Make a macro',
    description:
      'Staff make macros for their department; an ADMIN for any department or for all. Actions are checked when ' +
      'the macro is applied, against whoever applies it.',
    conflict: TAKEN,
    forbidden: `${STAFF_ONLY}; only an ADMIN makes macros for another department or for all`,
  },
  update: {
    body: UpdateMacroDto,
    summary: 'Change a macro (its author, a TEAM_LEAD of its department, an ADMIN)',
    conflict: TAKEN,
    forbidden: `${STAFF_ONLY}; you see the macro but may not change it`,
  },
  remove: {
    summary: 'Delete a macro (same rights as changing it)',
    forbidden: `${STAFF_ONLY}; you see the macro but may not delete it`,
  },
}) {
  constructor(macros: MacrosService) {
    super(macros);
  }
}

@Resource('macros', 'tickets', STAFF)
export class TicketMacrosController {
  constructor(private readonly macros: MacrosService) {}

  @Route.post(':id/macros/:macroId', TicketResponseDto, {
    summary: 'Apply a macro to a ticket: every action, or none',
    description:
      'One transaction: assign, then priority and tags, then the reply or note, then the status move. Each action ' +
      'goes through the same rules as by hand (a macro cannot do what you may not) and writes its own history ' +
      'entry and event. An action you may not take is 403 before anything changes; a move the transition table ' +
      'lacks is 409 INVALID_TRANSITION and nothing changes; tags past the 20 a ticket may have are 400 and ' +
      'nothing changes.',
    notFound: 'the ticket or the macro',
    conflict: 'INVALID_TRANSITION, or CONFLICT (e.g. the assignee is not eligible)',
    invalid: 'the ticket would have more than 20 tags after the macro',
    forbidden: `${STAFF_ONLY}; or an action you may not take on this ticket (an edit, a reply or note, an assignment, a move)`,
  })
  async apply(@CurrentActor() user: Actor, @IdParam('Ticket') id: string, @MacroId('macroId') macro: string) {
    return toTicketResponse(await this.macros.apply(user, id, macro));
  }
}
