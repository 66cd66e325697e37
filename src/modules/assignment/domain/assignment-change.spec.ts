import { HistoryType, TicketStatus } from '../../tickets/domain/ticket-enums';
import { AssignmentStrategy, isTerminal, NO_ELIGIBLE_AGENT, planAssignment } from './assignment-change';

const ANN = 'ann';
const BOB = 'bob';
const T1 = 'team-1';
const T2 = 'team-2';

describe('assignment plan', () => {
  it('assigns a person: ASSIGNED with previous and new assignee, team untouched', () => {
    const plan = planAssignment(
      { assigneeId: ANN, teamId: T1 },
      { assigneeId: BOB },
      { strategy: AssignmentStrategy.MANUAL },
    );
    expect(plan.changes).toEqual({ assigneeId: BOB });
    expect(plan.history).toEqual({
      type: HistoryType.ASSIGNED,
      details: { previousAssigneeId: ANN, assigneeId: BOB, strategy: 'MANUAL' },
    });
  });

  it('is a no-op without history when the same person is assigned again', () => {
    const plan = planAssignment(
      { assigneeId: ANN, teamId: null },
      { assigneeId: ANN },
      { strategy: AssignmentStrategy.SELF },
    );
    expect(plan).toEqual({ changes: {}, history: null });
  });

  it('assigning to a team clears the assignee and records UNASSIGNED', () => {
    const plan = planAssignment(
      { assigneeId: ANN, teamId: T1 },
      { assigneeId: null, teamId: T2 },
      { strategy: AssignmentStrategy.TEAM },
    );
    expect(plan.changes).toEqual({ assigneeId: null, teamId: T2 });
    expect(plan.history).toEqual({
      type: HistoryType.UNASSIGNED,
      details: {
        previousAssigneeId: ANN,
        assigneeId: null,
        teamId: T2,
        previousTeamId: T1,
        strategy: 'TEAM',
      },
    });
  });

  it('assigning an unassigned ticket to a team records ASSIGNED with the team', () => {
    const plan = planAssignment(
      { assigneeId: null, teamId: null },
      { assigneeId: null, teamId: T1 },
      { strategy: AssignmentStrategy.TEAM },
    );
    expect(plan.changes).toEqual({ teamId: T1 });
    expect(plan.history?.type).toBe(HistoryType.ASSIGNED);
  });

  it('is a no-op when the ticket already sits unassigned in that team', () => {
    const plan = planAssignment(
      { assigneeId: null, teamId: T1 },
      { assigneeId: null, teamId: T1 },
      { strategy: AssignmentStrategy.TEAM },
    );
    expect(plan.history).toBeNull();
  });

  it('records round robin finding nobody even when nothing changes', () => {
    const plan = planAssignment(
      { assigneeId: null, teamId: null },
      { assigneeId: null },
      { strategy: AssignmentStrategy.ROUND_ROBIN, auto: true, reason: NO_ELIGIBLE_AGENT },
    );
    expect(plan.changes).toEqual({});
    expect(plan.history).toEqual({
      type: HistoryType.UNASSIGNED,
      details: {
        previousAssigneeId: null,
        assigneeId: null,
        strategy: 'ROUND_ROBIN',
        auto: true,
        reason: NO_ELIGIBLE_AGENT,
      },
    });
  });

  it('marks a degraded round robin pick', () => {
    const plan = planAssignment(
      { assigneeId: null, teamId: null },
      { assigneeId: BOB },
      { strategy: AssignmentStrategy.ROUND_ROBIN, fallback: 'LEAST_OPEN_TICKETS' },
    );
    expect(plan.history?.details).toMatchObject({ fallback: 'LEAST_OPEN_TICKETS', assigneeId: BOB });
  });

  it('knows the terminal statuses', () => {
    expect(Object.values(TicketStatus).filter(isTerminal)).toEqual(['CLOSED', 'CANCELLED']);
  });
});
