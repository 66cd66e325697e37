import { renderNotification, renderPasswordReset, TemplateContext } from './templates';

const ticket = {
  id: 't1',
  pid: 'TKT-202611-000042',
  title: 'Printer <b>broken</b>',
  status: 'PENDING_USER',
  priority: 'HIGH',
  requesterId: 'r',
  assigneeId: 'a',
  departmentId: null,
  teamId: null,
  visibility: 'INTERNAL',
};

/** A notification about `ticket` for Ada (its requester), on what Grace did unless `ctx` says otherwise. */
const render = (ctx: Partial<TemplateContext> & Pick<TemplateContext, 'kind'>) =>
  renderNotification({
    ticket,
    recipientName: 'Ada',
    recipientIsRequester: true,
    actorName: 'Grace',
    ...ctx,
  });

describe('notification templates', () => {
  it('puts the PID in brackets in the subject and the message in both bodies', () => {
    const r = render({ kind: 'reply', messageBody: 'Please restart it & tell me <now>' });
    expect(r.subject).toBe('[TKT-202611-000042] New reply: Printer <b>broken</b>');
    expect(r.text).toContain('Hello Ada,');
    expect(r.text).toContain('Grace replied to ticket TKT-202611-000042:');
    expect(r.text).toContain('Please restart it & tell me <now>');
    expect(r.html).toContain('Please restart it &amp; tell me &lt;now&gt;');
    expect(r.html).not.toContain('<b>broken</b>');
    expect(r.title).toContain('TKT-202611-000042');
    expect(r.body).toContain('Please restart it');
  });

  it('invites only the requester to reply by mail to a resolved ticket', () => {
    expect(render({ kind: 'resolved' }).text).toContain('If something is still wrong, reply to this email.');
    const staff = render({ kind: 'resolved', recipientIsRequester: false });
    expect(staff.text).toContain('Ticket TKT-202611-000042 was resolved.');
    expect(staff.text).not.toContain('reply to this email.');
    expect(staff.html).not.toContain('reply to this email.');
  });

  it('says what a status change was', () => {
    const reason = 'need the model number';
    const r = render({ kind: 'status', from: 'IN_PROGRESS', to: 'PENDING_USER', reason });
    expect(r.subject).toBe('[TKT-202611-000042] Status changed to pending user: Printer <b>broken</b>');
    expect(r.text).toContain('moved from in progress to pending user');
    expect(r.text).toContain('Reason: need the model number');
  });

  it('tells a denied access request nothing of the ticket but its PID, and invites no reply', () => {
    const denied = render({ kind: 'access_decided', decision: 'DENIED', reason: 'Not your case' });
    expect(denied.subject).toBe('[TKT-202611-000042] Access denied');
    expect(denied.title).toBe('Access denied: TKT-202611-000042');
    expect(denied.text).toContain('Grace denied your request to see ticket TKT-202611-000042.');
    expect(denied.text).toContain('Reason: Not your case');
    for (const part of [denied.subject, denied.title, denied.body, denied.text, denied.html]) {
      expect(part).not.toMatch(/Printer|broken/);
      expect(part).not.toMatch(/pending/i);
      expect(part).not.toMatch(/reply to this email/i);
    }
    // without a decision it is not a grant either
    expect(render({ kind: 'access_decided' }).subject).toBe('[TKT-202611-000042] Access denied');
    // once granted, the ticket is theirs to see
    const granted = render({ kind: 'access_decided', decision: 'GRANTED', recipientIsRequester: false });
    expect(granted.subject).toBe('[TKT-202611-000042] Access granted: Printer <b>broken</b>');
    expect(granted.text).toContain('is pending user. Answer it in the helpdesk');
  });

  it('invites only the requester to reply by mail: a mail from anyone else opens a new ticket', () => {
    const toRequester = render({ kind: 'reply', messageBody: 'Try again' });
    expect(toRequester.text).toContain('Reply to this email to add a message to it.');
    expect(toRequester.html).toContain('Reply to this email to add a message to it.');
    const toStaff = render({
      kind: 'requester_reply',
      messageBody: 'Still broken',
      recipientIsRequester: false,
    });
    for (const part of [toStaff.text, toStaff.html]) {
      expect(part).not.toMatch(/reply to this email to add/i);
      expect(part).toContain('Answer it in the helpdesk: a reply to this email would open a new ticket.');
    }
  });

  it('keeps in-app bodies short', () => {
    const r = render({ kind: 'reply', actorName: null, messageBody: 'x'.repeat(5000) });
    expect(r.body.length).toBeLessThanOrEqual(280);
  });

  it('puts the reset token on a line of its own', () => {
    const r = renderPasswordReset('Ada', 'abc_DEF-123', 29);
    expect(r.text.split('\n')).toContain('token=abc_DEF-123');
    expect(r.text).toContain('within 29 minutes');
    expect(r.html).toContain('token=abc_DEF-123');
  });
});
