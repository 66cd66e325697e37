import { IdParam } from '../../../common/http/id-param.pipe';
import { STAFF } from '../../../common/auth/role';
import { Resource, Route } from '../../../common/http/route.decorator';
import { Body } from '@nestjs/common';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { ValidationFailedError } from '../../../common/errors/domain-errors';
import { TicketResponseDto } from '../../tickets/ticket-response.dto';
import { toTicketResponse } from '../../tickets/ticket-response.mapper';
import { AssignRequest, AssignmentService } from '../assignment.service';
import { AssignTicketDto } from './assign-ticket.dto';

const present = (v: unknown): boolean => v !== undefined && v !== null;

function toAssignRequest(body: AssignTicketDto): AssignRequest {
  const given = (['assigneeId', 'teamId', 'strategy'] as const).filter((k) => present(body[k]));
  if (given.length !== 1) {
    throw new ValidationFailedError('Send exactly one of assigneeId, teamId or strategy', [
      {
        field: given.length === 0 ? 'body' : given.join(','),
        message: 'exactly one of assigneeId, teamId, strategy',
      },
    ]);
  }
  if (body.assigneeId) return { assigneeId: body.assigneeId };
  if (body.teamId) return { teamId: body.teamId };
  return { strategy: 'ROUND_ROBIN' };
}

/** Who may assign to whom, and how round robin picks. */
const ASSIGNMENT_RULES =
  'Exactly one of `assigneeId` (a UUID or `me`), `teamId`, `strategy: "ROUND_ROBIN"`. ' +
  'AGENT: themselves or members of their team, or their own team. TEAM_LEAD: anyone active in their department, ' +
  'any team of it. ADMIN: anyone eligible. The assignee must be an active AGENT or TEAM_LEAD of the ticket’s ' +
  'department (409 with the reason otherwise); availability matters for round robin only. A team assignment ' +
  'clears the assignee. ROUND_ROBIN picks the next available active AGENT (team leads are not in the rotation) of ' +
  'the ticket’s team, or of its department when it has none, fairly across all API instances; when nobody is ' +
  'eligible the ticket is left unassigned, an UNASSIGNED history row with `reason: "no eligible agent"` records ' +
  'it, and the answer is still 200. Assigning the current assignee again changes nothing. CLOSED and CANCELLED ' +
  'tickets cannot be assigned (409).';

@Resource('tickets', 'tickets', STAFF)
export class AssignmentController {
  constructor(private readonly assignment: AssignmentService) {}

  @Route.post(':id/assign', TicketResponseDto, {
    summary: 'Assign a ticket to a person, a team, or the next agent in the rotation',
    description: ASSIGNMENT_RULES,
    notFound: 'no such ticket within your scope',
    conflict:
      'CONFLICT: the assignee is not active staff of the ticket’s department, or the ticket is closed',
    forbidden:
      'requires role AGENT, TEAM_LEAD or ADMIN; or an assignment your role may not make (an AGENT assigning outside their team, a TEAM_LEAD outside their department)',
  })
  async assign(@CurrentActor() user: Actor, @IdParam('Ticket') id: string, @Body() body: AssignTicketDto) {
    return toTicketResponse(await this.assignment.assign(user, id, toAssignRequest(body)));
  }
}
