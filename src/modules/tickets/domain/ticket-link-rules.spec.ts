import { checkLink, checkMerge, MergeFacts } from './ticket-link-rules';
import { TicketStatus } from './ticket-enums';

const link = (over: Partial<Parameters<typeof checkLink>[0]> = {}) =>
  checkLink({
    sourceId: 'a',
    targetId: 'b',
    type: 'RELATED',
    exists: false,
    reverseRelatedExists: false,
    targetReachesSource: false,
    ...over,
  });

describe('checkLink', () => {
  it('accepts a new link', () => expect(link()).toEqual({ ok: true }));
  it('refuses a link to itself as invalid', () =>
    expect(link({ targetId: 'a' })).toMatchObject({ ok: false, kind: 'invalid' }));
  it('refuses the same link twice, and RELATED in reverse', () => {
    expect(link({ exists: true })).toMatchObject({ ok: false, kind: 'conflict' });
    expect(link({ reverseRelatedExists: true })).toMatchObject({ ok: false, kind: 'conflict' });
    expect(link({ type: 'PARENT_OF', reverseRelatedExists: true })).toEqual({ ok: true });
  });
  it('refuses cycles of PARENT_OF and DUPLICATE_OF, not of RELATED', () => {
    expect(link({ type: 'PARENT_OF', targetReachesSource: true })).toMatchObject({ kind: 'conflict' });
    expect(link({ type: 'DUPLICATE_OF', targetReachesSource: true })).toMatchObject({ kind: 'conflict' });
    expect(link({ type: 'RELATED', targetReachesSource: true })).toEqual({ ok: true });
  });
});

describe('checkMerge', () => {
  const party = (id: string, over = {}) => ({
    id,
    status: TicketStatus.OPEN,
    departmentId: 'd1',
    mergedIntoId: null,
    ...over,
  });
  const merge = (over: Partial<MergeFacts> = {}) =>
    checkMerge({
      source: party('s'),
      target: party('t'),
      isAdmin: false,
      mayWorkBoth: true,
      targetReachesSource: false,
      ...over,
    });

  it('accepts two live tickets of one department worked by the caller', () =>
    expect(merge()).toEqual({ ok: true }));
  it('refuses a merge into itself', () =>
    expect(merge({ target: party('s') })).toMatchObject({ kind: 'invalid' }));
  it('refuses across departments unless ADMIN', () => {
    const target = party('t', { departmentId: 'd2' });
    expect(merge({ target })).toMatchObject({ kind: 'forbidden' });
    expect(merge({ target, isAdmin: true })).toEqual({ ok: true });
  });
  it('refuses callers who do not work both', () =>
    expect(merge({ mayWorkBoth: false })).toMatchObject({ kind: 'forbidden' }));
  it('refuses merged or finished tickets on either side, and cycles', () => {
    expect(merge({ source: party('s', { mergedIntoId: 'x' }) })).toMatchObject({ kind: 'conflict' });
    expect(merge({ target: party('t', { mergedIntoId: 'x' }) })).toMatchObject({ kind: 'conflict' });
    expect(merge({ source: party('s', { status: TicketStatus.CLOSED }) })).toMatchObject({
      kind: 'conflict',
    });
    expect(merge({ target: party('t', { status: TicketStatus.CANCELLED }) })).toMatchObject({
      kind: 'conflict',
    });
    expect(merge({ targetReachesSource: true })).toMatchObject({ kind: 'conflict' });
  });
});
