import { TicketPriority, TicketStatus } from '../../tickets/domain/ticket-enums';
import { applicablePolicy, SlaPolicy, targetsFor } from './sla-policy';
import { ClockState, decidesResolution, dueTimes, isRunning, lateAt } from './ticket-clock';

const at = (iso: string) => new Date(iso);
const open = { dueAt: null, breachedAt: null, met: null };
const state = (over: Partial<ClockState> = {}): ClockState => ({
  ticketId: 't',
  status: TicketStatus.OPEN,
  priority: TicketPriority.MEDIUM,
  departmentId: null,
  serviceItemId: null,
  createdAt: at('2026-11-23T10:00:00Z'),
  firstResponseAt: null,
  targets: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  firstResponse: open,
  resolution: open,
  pauses: [],
  calendar: null,
  ...over,
});
const policy = (departmentId: string | null, minutes: number): SlaPolicy => ({
  id: `p-${minutes}`,
  priority: TicketPriority.HIGH,
  departmentId,
  firstResponseMinutes: minutes,
  resolutionMinutes: minutes * 10,
  createdAt: at('2026-01-01T00:00:00Z'),
  updatedAt: at('2026-01-01T00:00:00Z'),
});

describe('ticket clock', () => {
  it('runs only in OPEN and IN_PROGRESS; RESOLVED and CLOSED decide the resolution', () => {
    expect(Object.values(TicketStatus).filter(isRunning)).toEqual([
      TicketStatus.OPEN,
      TicketStatus.IN_PROGRESS,
    ]);
    expect(Object.values(TicketStatus).filter((s) => decidesResolution(s, false))).toEqual([
      TicketStatus.RESOLVED,
      TicketStatus.CLOSED,
    ]);
  });

  it('leaves the resolution of a duplicate closed by a merge undecided', () => {
    expect(decidesResolution(TicketStatus.CLOSED, true)).toBe(false);
    expect(decidesResolution(TicketStatus.CANCELLED, false)).toBe(false);
  });

  it('computes due times from creation, targets and stored pauses', () => {
    const paused = state({
      pauses: [{ start: at('2026-11-23T10:30:00Z'), end: at('2026-11-23T11:00:00Z') }],
    });
    expect(dueTimes(paused)).toEqual({
      firstResponseDueAt: at('2026-11-23T11:30:00Z'),
      dueAt: at('2026-11-23T18:30:00Z'),
    });
  });

  it('has no due time while paused, but keeps one already decided or breached', () => {
    const waiting = state({ pauses: [{ start: at('2026-11-23T10:30:00Z'), end: null }] });
    expect(dueTimes(waiting)).toEqual({ firstResponseDueAt: null, dueAt: null });
    const decided = state({
      pauses: waiting.pauses,
      firstResponse: { dueAt: at('2026-11-23T11:00:00Z'), breachedAt: null, met: true },
      resolution: { dueAt: at('2026-11-23T12:00:00Z'), breachedAt: at('2026-11-23T12:00:30Z'), met: null },
    });
    expect(dueTimes(decided)).toEqual({
      firstResponseDueAt: at('2026-11-23T11:00:00Z'),
      dueAt: at('2026-11-23T12:00:00Z'),
    });
  });

  it('calls a target reached after its due time, or once breached, late', () => {
    const due = { dueAt: at('2026-11-23T11:00:00Z'), breachedAt: null, met: null };
    expect(lateAt(due, at('2026-11-23T11:00:00Z'))).toBe(false);
    expect(lateAt(due, at('2026-11-23T11:00:01Z'))).toBe(true);
    expect(lateAt({ ...due, dueAt: null }, at('2030-01-01T00:00:00Z'))).toBe(false);
    expect(lateAt({ ...due, breachedAt: at('2026-11-23T11:00:30Z') }, at('2026-11-23T10:00:00Z'))).toBe(true);
  });
});

describe('SLA policy choice', () => {
  it("prefers the department's own policy to the global one", () => {
    const global = policy(null, 60);
    const own = policy('d1', 30);
    expect(applicablePolicy([global, own], 'd1')).toBe(own);
    expect(applicablePolicy([global, own], 'd2')).toBe(global);
    expect(applicablePolicy([own], null)).toBeNull();
  });

  it("lets a service item's resolution hours override the policy, or stand alone", () => {
    expect(targetsFor(policy(null, 60), 2)).toEqual({ firstResponseMinutes: 60, resolutionMinutes: 120 });
    expect(targetsFor(policy(null, 60), null)).toEqual({ firstResponseMinutes: 60, resolutionMinutes: 600 });
    expect(targetsFor(null, 8)).toEqual({ firstResponseMinutes: null, resolutionMinutes: 480 });
    expect(targetsFor(null, null)).toBeNull();
  });
});
