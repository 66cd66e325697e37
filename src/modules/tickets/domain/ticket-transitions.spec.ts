import { TicketStatus as S } from './ticket-enums';
import {
  checkTransition,
  mergedTimestamps,
  TRANSITIONS,
  TransitionActor,
  timestampsAfter,
} from './ticket-transitions';

const ALL = Object.values(S);
const ACTORS: TransitionActor[] = ['REQUESTER', 'STAFF', 'SYSTEM'];

/** The contract's table, written out independently: from → to → actors allowed. */
const EXPECTED: Record<S, Partial<Record<S, TransitionActor[]>>> = {
  PENDING_APPROVAL: { OPEN: ['SYSTEM'], CANCELLED: ['SYSTEM', 'REQUESTER'] },
  OPEN: {
    IN_PROGRESS: ['STAFF'],
    PENDING_USER: ['STAFF'],
    RESOLVED: ['STAFF'],
    CANCELLED: ['STAFF', 'REQUESTER'],
  },
  IN_PROGRESS: { OPEN: ['STAFF'], PENDING_USER: ['STAFF'], RESOLVED: ['STAFF'], CANCELLED: ['STAFF'] },
  PENDING_USER: { IN_PROGRESS: ['STAFF', 'SYSTEM'], RESOLVED: ['STAFF'], CLOSED: ['STAFF'] },
  RESOLVED: { CLOSED: ['STAFF', 'REQUESTER', 'SYSTEM'], IN_PROGRESS: ['STAFF', 'REQUESTER'] },
  CLOSED: {},
  CANCELLED: {},
};

describe('ticket transitions', () => {
  for (const from of ALL) {
    for (const to of ALL) {
      for (const actor of ACTORS) {
        const allowed = EXPECTED[from][to];
        const expected = !allowed ? 'invalid' : allowed.includes(actor) ? 'ok' : 'forbidden';
        it(`${from} → ${to} by ${actor}: ${expected}`, () => {
          const result = checkTransition(from, to, [actor]);
          expect(result.ok ? 'ok' : result.reason).toBe(expected);
        });
      }
    }
  }

  it('has terminal CLOSED and CANCELLED', () => {
    expect(Object.keys(TRANSITIONS.CLOSED)).toHaveLength(0);
    expect(Object.keys(TRANSITIONS.CANCELLED)).toHaveLength(0);
  });

  it('lets an actor with two capacities use either', () => {
    expect(checkTransition(S.OPEN, S.IN_PROGRESS, ['REQUESTER', 'STAFF'])).toEqual({ ok: true });
    expect(checkTransition(S.OPEN, S.IN_PROGRESS, [])).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('sets and clears resolution and closing times', () => {
    const now = new Date();
    expect(timestampsAfter(S.RESOLVED, now, S.IN_PROGRESS)).toEqual({ resolvedAt: now, closedAt: null });
    expect(timestampsAfter(S.CLOSED, now, S.RESOLVED)).toEqual({ closedAt: now });
    expect(timestampsAfter(S.CANCELLED, now, S.OPEN)).toEqual({ closedAt: now });
    expect(timestampsAfter(S.IN_PROGRESS, now, S.RESOLVED)).toEqual({ resolvedAt: null, closedAt: null });
    expect(timestampsAfter(S.PENDING_USER, now, S.OPEN)).toEqual({});
  });

  it('resolves a ticket closed without being resolved first, at the same instant; a merge does not', () => {
    const now = new Date();
    expect(timestampsAfter(S.CLOSED, now, S.PENDING_USER)).toEqual({ resolvedAt: now, closedAt: now });
    expect(mergedTimestamps(now)).toEqual({ closedAt: now });
  });
});
