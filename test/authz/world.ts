import { randomUUID } from 'node:crypto';
import {
  makeDepartment,
  makeTeam,
  makeTicket,
  makeUser,
  refreshReferenceLists,
  sql,
  TestUser,
  unique,
} from '../support/factories';
import { formData, FormParts } from '../support/http';

/** A mailbox that is never polled (inactive, a closed port): enough for the routes that only manage it. */
export const idleMailbox = (departmentId: string) => ({
  name: unique('Mailbox'),
  host: '127.0.0.1',
  port: 9,
  secure: false,
  username: 'u',
  password: 'p',
  departmentId,
  active: false,
});

/** The callers of the authorization matrix: no credentials, and one user of each role. */
export const ROLES = ['anonymous', 'END_USER', 'AGENT', 'TEAM_LEAD', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Where the resource of a call lies, seen from the caller: `own` (theirs, or one they are party to), `same` (in their
 * department, not theirs), `other` (another department's), `restricted` (a RESTRICTED one in their department that
 * they are not party to). `-` is a call without a resource of its own (a list, a create) or on a global one.
 */
export const CASES = ['own', 'same', 'other', 'restricted'] as const;
export type Case = (typeof CASES)[number] | '-';

export interface Call {
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** multipart parts, sent instead of `body` */
  form?: FormParts;
  raw?: { type: string; data: string };
  headers?: Record<string, string>;
  /** the bearer token to send instead of the role's cached one (null: none) */
  token?: string | null;
}

export interface Http {
  /** one request as `token`'s holder (none when null): status and parsed JSON body */
  send(
    method: string,
    url: string,
    call: Omit<Call, 'path'>,
  ): Promise<{ status: number; body: Record<string, unknown> | undefined; text: string }>;
}

/** Requests over HTTP to an app listening at `base` (an event stream answers its status, then is closed). */
export function fetchHttp(base: string): Http {
  return {
    async send(method, url, call) {
      const headers: Record<string, string> = { ...(call.headers ?? {}) };
      if (call.token) headers.authorization = `Bearer ${call.token}`;
      let body: string | FormData | undefined;
      if (call.form) body = formData(call.form);
      else if (call.raw) {
        headers['content-type'] = call.raw.type;
        body = call.raw.data;
      } else if (call.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(call.body);
      }
      const query = call.query ? `?${new URLSearchParams(call.query).toString()}` : '';
      const abort = new AbortController();
      const res = await fetch(`${base}${url}${query}`, { method, headers, body, signal: abort.signal });
      // an event stream never ends: its status is the answer
      if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
        abort.abort();
        return { status: res.status, body: undefined, text: '' };
      }
      const text = await res.text();
      let parsed: Record<string, unknown> | undefined;
      try {
        parsed = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed, text };
    },
  };
}

type Ticket = { id: string; pid: string };

/**
 * Everything the matrix calls touch, built once: two departments A (the callers') and B, each with a team and
 * staff, end users, tickets of every case, and one of each kind of resource in each scope. Calls that change
 * what they touch take a fresh resource (`fresh*`), so cells never depend on each other's order and can run at once.
 */
export class World {
  deptA!: { id: string };
  deptB!: { id: string };
  teamA!: { id: string };
  teamB!: { id: string };
  users = {} as Record<
    'admin' | 'endUser' | 'endUser2' | 'agentA' | 'agentA2' | 'leadA' | 'agentB' | 'leadB',
    TestUser
  >;
  tokens = {} as Record<Role, string | null>;
  own = {} as Record<Role, Ticket>;
  same!: Ticket;
  other!: Ticket;
  restricted!: Ticket;
  /** per ticket id: an attachment, a link and a public message on it */
  attachmentOf = new Map<string, string>();
  linkOf = new Map<string, string>();
  categoryA!: string;
  itemA!: string;
  itemApproval = {} as Record<'own' | 'same' | 'other', string>;
  approvals = {} as Record<'own' | 'same' | 'other', string>;
  webhook!: string;
  mailbox!: string;
  rule!: string;
  slaPolicy!: string;
  calendar!: string;
  macroA!: string;
  macroB!: string;
  templateA!: string;
  templateB!: string;
  views = {} as Record<Role, string> & { sharedA: string; sharedB: string; privateA2: string };
  delegations = {} as Record<Role, string> & { otherB: string };
  notifications = {} as Record<Role, string> & { otherB: string };
  accessRequests = {} as Record<'same' | 'other', string> & Record<Role, string>;

  /** per ticket id: an inbound mail filed on it, its raw message kept */
  mailOf = new Map<string, string>();
  /** a failed mailbox import of `mailbox`, its raw message kept */
  mailboxFailure!: string;
  /** a raw message in storage, for mailbox failures (the one of the first inbound mail) */
  private rawMail?: { key: string; sizeBytes: number };

  /** `inboundSecret`: the app's INBOUND_EMAIL_SECRET, so the world can file inbound mails on its tickets */
  constructor(
    private readonly http: Http,
    private readonly inboundSecret: string,
  ) {}

  userOf(role: Role): TestUser {
    const key = {
      anonymous: 'endUser',
      END_USER: 'endUser',
      AGENT: 'agentA',
      TEAM_LEAD: 'leadA',
      ADMIN: 'admin',
    }[role] as keyof World['users'];
    return this.users[key];
  }

  async api<T = Record<string, unknown>>(
    method: string,
    url: string,
    body?: unknown,
    /** a role, or a token */
    as: string = 'ADMIN',
  ): Promise<T> {
    const token = (ROLES as readonly string[]).includes(as) ? this.tokens[as as Role] : as;
    const res = await this.http.send(method, url, { body, token });
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body?.data ?? {}) as T;
  }

  /** The id of the resource created by POSTing `body` to `url`, as the ADMIN or `as` (see api). */
  async created(url: string, body: unknown, as?: string): Promise<string> {
    return (await this.api<{ id: string }>('POST', url, body, as)).id;
  }

  async session(user: TestUser): Promise<{ accessToken: string; refreshToken: string }> {
    const res = await this.http.send('POST', '/api/v1/auth/login', {
      body: { email: user.email, password: user.password },
      token: null,
    });
    if (res.status !== 200) throw new Error(`login of ${user.email}: ${res.status}`);
    return res.body?.data as { accessToken: string; refreshToken: string };
  }

  async login(user: TestUser): Promise<string> {
    return (await this.session(user)).accessToken;
  }

  async build(): Promise<void> {
    this.deptA = await makeDepartment();
    this.deptB = await makeDepartment();
    this.teamA = await makeTeam(this.deptA.id);
    this.teamB = await makeTeam(this.deptB.id);
    const a = { departmentId: this.deptA.id, teamId: this.teamA.id };
    const b = { departmentId: this.deptB.id, teamId: this.teamB.id };
    const [admin, endUser, endUser2, agentA, agentA2, leadA, agentB, leadB] = await Promise.all([
      makeUser({ role: 'ADMIN', ...a }),
      makeUser({ role: 'END_USER' }),
      makeUser({ role: 'END_USER' }),
      makeUser({ role: 'AGENT', ...a }),
      makeUser({ role: 'AGENT', ...a }),
      makeUser({ role: 'TEAM_LEAD', ...a }),
      makeUser({ role: 'AGENT', ...b }),
      makeUser({ role: 'TEAM_LEAD', ...b }),
    ]);
    this.users = { admin, endUser, endUser2, agentA, agentA2, leadA, agentB, leadB };
    await sql(`UPDATE teams SET lead_id = $1 WHERE id = $2`, [leadA.id, this.teamA.id]);
    await sql(`UPDATE teams SET lead_id = $1 WHERE id = $2`, [leadB.id, this.teamB.id]);
    await refreshReferenceLists();
    const tokens = await Promise.all([endUser, agentA, leadA, admin].map((u) => this.login(u)));
    this.tokens = {
      anonymous: null,
      END_USER: tokens[0],
      AGENT: tokens[1],
      TEAM_LEAD: tokens[2],
      ADMIN: tokens[3],
    };
    for (const role of ROLES) this.own[role] = await this.ticket(role, 'own');
    this.same = await this.ticket('ADMIN', 'same');
    this.other = await this.ticket('ADMIN', 'other');
    this.restricted = await this.ticket('ADMIN', 'restricted');
    const all = [...new Set([...Object.values(this.own), this.same, this.other, this.restricted])];
    for (const t of all) await this.decorate(t);

    await this.buildCatalog();
    await this.buildAdminResources();
    this.mailboxFailure = await this.freshMailboxFailure();
    await this.buildPersonal();
  }

  /** Every id (and PID) the world holds, but the ADMIN's own: for fuzzing, which must not deactivate its caller. */
  ids(): string[] {
    const out = new Set<string>();
    const walk = (v: unknown): void => {
      if (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-|^TKT-/.test(v)) out.add(v);
      else if (v instanceof Map) [...v.values()].forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    const { http: _http, tokens: _tokens, ...rest } = this as unknown as Record<string, unknown>;
    walk(rest);
    out.delete(this.users.admin.id);
    return [...out];
  }

  /** A new ticket of `c` seen from `role` (straight in the database: any shape, no events). */
  async ticket(role: Role, c: Case): Promise<Ticket> {
    const u = this.users;
    const inA = { departmentId: this.deptA.id, teamId: this.teamA.id };
    switch (c) {
      // RESTRICTED: being party to it is what lets the caller see it
      case 'own':
        if (role === 'AGENT' || role === 'TEAM_LEAD')
          return makeTicket({
            requesterId: u.endUser2.id,
            ...inA,
            assigneeId: this.userOf(role).id,
            visibility: 'RESTRICTED',
          });
        return makeTicket({ requesterId: this.userOf(role).id, ...inA, visibility: 'RESTRICTED' });
      case 'same':
      case '-':
        return makeTicket({ requesterId: u.endUser2.id, ...inA });
      case 'other':
        return makeTicket({ requesterId: u.endUser2.id, departmentId: this.deptB.id, teamId: this.teamB.id });
      case 'restricted':
        return makeTicket({ requesterId: u.endUser2.id, ...inA, visibility: 'RESTRICTED' });
    }
  }

  /** The shared ticket of `c` for `role` (never changed by a call). */
  ticketOf(role: Role, c: Case): Ticket {
    if (c === 'own') return this.own[role];
    if (c === 'other') return this.other;
    if (c === 'restricted') return this.restricted;
    return this.same;
  }

  /** A public message, an attachment and a link on a ticket, added as an ADMIN through the API. */
  private async decorate(t: Ticket): Promise<void> {
    await this.api('POST', `/api/v1/tickets/${t.id}/messages`, { body: 'A public reply' });
    const res = await this.http.send('POST', `/api/v1/tickets/${t.id}/attachments`, {
      form: { file: { data: Buffer.from('plain text attachment\n'), filename: 'a.txt', type: 'text/plain' } },
      token: this.tokens.ADMIN,
    });
    if (res.status !== 201) throw new Error(`attachment: ${res.status} ${JSON.stringify(res.body)}`);
    this.attachmentOf.set(t.id, (res.body?.data as { id: string }).id);
    this.linkOf.set(t.id, await this.link(t));
    this.mailOf.set(t.id, await this.mail(t));
  }

  /**
   * An inbound mail filed on `t`, its raw message in storage: received as a new mail from an end user (which opens
   * a ticket of its own), then moved to `t` in the database, whatever `t`'s requester.
   */
  async mail(t: Ticket): Promise<string> {
    const messageId = `${randomUUID()}@matrix.test`;
    const res = await this.http.send('POST', '/api/v1/inbound/email', {
      raw: {
        type: 'message/rfc822',
        data: `From: ${this.users.endUser.email}\r\nTo: support@example.test\r\nSubject: On file\r\nMessage-ID: <${messageId}>\r\n\r\nA mail on file.\r\n`,
      },
      headers: { 'x-inbound-secret': this.inboundSecret },
      token: null,
    });
    if (res.status >= 300) throw new Error(`inbound mail: ${res.status} ${res.text.slice(0, 200)}`);
    const [row] = await sql<{ id: string; raw_storage_key: string; raw_size_bytes: number }>(
      `UPDATE inbound_emails SET ticket_id = $1 WHERE message_id IN ($2, $3)
        RETURNING id, raw_storage_key, raw_size_bytes`,
      [t.id, messageId, `<${messageId}>`],
    );
    if (!row?.raw_storage_key) throw new Error('inbound mail: not filed with its raw message');
    this.rawMail ??= { key: row.raw_storage_key, sizeBytes: row.raw_size_bytes };
    return row.id;
  }

  /** A new failed import of the world's mailbox, holding a raw message that is in storage. */
  async freshMailboxFailure(): Promise<string> {
    const [row] = await sql<{ id: string }>(
      `INSERT INTO mailbox_failures (mailbox_id, uid_validity, uid, message_id, subject, error, raw_storage_key,
         raw_size_bytes)
       VALUES ($1, 1, floor(random() * 1e12)::bigint, $2,
         'On file', 'could not be imported', $3, $4)
       RETURNING id`,
      [this.mailbox, `${randomUUID()}@matrix.test`, this.rawMail!.key, this.rawMail!.sizeBytes],
    );
    return row.id;
  }

  /** A RELATED link from `t` to a new ticket of the same department. */
  async link(t: Ticket): Promise<string> {
    const [row] = await sql<{ department_id: string }>(`SELECT department_id FROM tickets WHERE id = $1`, [
      t.id,
    ]);
    const target = await makeTicket({ requesterId: this.users.endUser2.id, departmentId: row.department_id });
    const link = await this.api<{ id: string }>('POST', `/api/v1/tickets/${t.id}/links`, {
      targetId: target.id,
      type: 'RELATED',
    });
    return link.id;
  }

  private async buildCatalog(): Promise<void> {
    const category = await this.api<{ id: string }>('POST', '/api/v1/service-categories', {
      name: unique('Category'),
      departmentId: this.deptA.id,
    });
    this.categoryA = category.id;
    const item = (departmentId: string, approval?: unknown) =>
      this.api<{ id: string }>('POST', '/api/v1/service-items', {
        categoryId: category.id,
        departmentId,
        name: unique('Item'),
        description: 'An item',
        ...(approval ? { approval } : {}),
      });
    this.itemA = (await item(this.deptA.id)).id;
    const u = this.users;
    const step = (...ids: string[]) => ({
      steps: [{ mode: 'ANY', approvers: ids.map((userId) => ({ userId })) }],
    });
    this.itemApproval = {
      own: (await item(this.deptA.id, step(u.agentA.id, u.leadA.id, u.admin.id))).id,
      same: (await item(this.deptA.id, step(u.agentA2.id))).id,
      other: (await item(this.deptB.id, step(u.leadB.id))).id,
    };
    for (const c of ['own', 'same', 'other'] as const) this.approvals[c] = await this.approval(c);
  }

  /**
   * A new pending approval request: `own` asks the END_USER's ticket of the caller roles (the AGENT, the TEAM_LEAD
   * and the ADMIN approve it), `same` a department-A ticket of someone else that another agent approves, `other`
   * a department-B one.
   */
  async approval(c: Case): Promise<string> {
    const key = c === 'own' || c === 'other' ? c : 'same';
    const as = key === 'own' ? this.tokens.END_USER! : await this.login(this.users.endUser2);
    const t = await this.api<{ id: string }>(
      'POST',
      '/api/v1/tickets',
      { title: 'Needs approval', description: 'x', serviceItemId: this.itemApproval[key] },
      as,
    );
    const [row] = await sql<{ id: string }>(`SELECT id FROM approval_requests WHERE ticket_id = $1`, [t.id]);
    return row.id;
  }

  private async buildAdminResources(): Promise<void> {
    this.webhook = await this.created('/api/v1/admin/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      events: ['*'],
    });
    this.mailbox = await this.created('/api/v1/admin/mailboxes', idleMailbox(this.deptA.id));
    this.rule = await this.created('/api/v1/notification-rules', {
      event: '*',
      recipients: ['REQUESTER'],
      channels: ['IN_APP'],
    });
    this.calendar = await this.created('/api/v1/business-calendars', {
      name: unique('Calendar'),
      timezone: 'Europe/Berlin',
      hours: { mon: [['09:00', '17:00']] },
    });
    this.slaPolicy = await this.created('/api/v1/sla-policies', {
      priority: 'LOW',
      firstResponseMinutes: 60,
      resolutionMinutes: 600,
      departmentId: this.deptB.id,
    });
    this.macroA = await this.macro(this.deptA.id);
    this.macroB = await this.macro(this.deptB.id);
    this.templateA = await this.template(this.deptA.id);
    this.templateB = await this.template(this.deptB.id);
  }

  async macro(departmentId: string): Promise<string> {
    return await this.created('/api/v1/macros', {
      name: unique('Macro'),
      departmentId,
      actions: { priority: 'HIGH' },
    });
  }

  async template(departmentId: string): Promise<string> {
    return await this.created('/api/v1/ticket-templates', {
      name: unique('Template'),
      title: 'From a template',
      departmentId,
    });
  }

  private async buildPersonal(): Promise<void> {
    const u = this.users;
    const agentA2 = await this.login(u.agentA2);
    const agentB = await this.login(u.agentB);
    for (const role of ROLES) {
      if (role === 'anonymous') continue;
      this.views[role] = await this.view(role);
      this.delegations[role] = await this.delegation(role);
      this.notifications[role] = await this.notification(this.userOf(role).id);
    }
    this.views.anonymous = this.views.END_USER;
    this.delegations.anonymous = this.delegations.END_USER;
    this.notifications.anonymous = this.notifications.END_USER;
    this.views.sharedA = await this.created('/api/v1/views', viewBody(true), agentA2);
    this.views.privateA2 = await this.created('/api/v1/views', viewBody(false), agentA2);
    this.views.sharedB = await this.created('/api/v1/views', viewBody(true), agentB);
    this.delegations.otherB = (
      await this.api<{ id: string }>(
        'POST',
        '/api/v1/approvals/delegations',
        this.delegationBody(u.leadB.id),
        agentB,
      )
    ).id;
    this.notifications.otherB = await this.notification(u.agentB.id);
    this.accessRequests.same = await this.accessRequest(this.restricted, agentA2);
    const restrictedB = await makeTicket({
      requesterId: u.endUser2.id,
      departmentId: this.deptB.id,
      visibility: 'RESTRICTED',
    });
    this.accessRequests.other = await this.accessRequest(restrictedB, agentB);
  }

  async view(role: Role): Promise<string> {
    return await this.created('/api/v1/views', viewBody(false), role);
  }

  /** A new view of `c`: the caller's own, a colleague's shared or private one, another department's shared one. */
  async freshView(role: Role, c: Case): Promise<string> {
    if (c === 'own') return this.view(role === 'anonymous' ? 'END_USER' : role);
    const owner = await this.login(c === 'other' ? this.users.agentB : this.users.agentA2);
    return await this.created('/api/v1/views', viewBody(c !== 'restricted'), owner);
  }

  /** A delegation by `role`'s user to another user: the running window the first time, later ones after it. */
  async delegation(role: Role): Promise<string> {
    const to = role === 'AGENT' ? this.users.agentA2 : this.users.agentA;
    return (
      await this.api<{ id: string }>(
        'POST',
        '/api/v1/approvals/delegations',
        this.delegationBody(to.id),
        role,
      )
    ).id;
  }

  private slot = 0;
  /** a window of its own (a delegator's windows never overlap): now for the first, then one day after another */
  delegationBody(delegateId: string): { delegateId: string; from: string; to: string } {
    const day = 86400_000;
    const start = this.slot === 0 ? Date.now() - 3600_000 : Date.now() + (this.slot + 1) * day;
    this.slot += 1;
    return {
      delegateId,
      from: new Date(start).toISOString(),
      to: new Date(start + day / 2).toISOString(),
    };
  }

  /** A delegation of `c`: by the caller (`own`), to the caller (`same`), between two others (`other`). */
  async freshDelegation(role: Role, c: Case): Promise<string> {
    const u = this.users;
    if (c === 'own') return this.delegation(role === 'anonymous' ? 'END_USER' : role);
    const [by, to] = c === 'same' ? [u.agentA2, this.userOf(role)] : [u.agentB, u.leadB];
    return (
      await this.api<{ id: string }>(
        'POST',
        '/api/v1/approvals/delegations',
        this.delegationBody(to.id),
        await this.login(by),
      )
    ).id;
  }

  async notification(userId: string): Promise<string> {
    const [row] = await sql<{ id: string }>(
      `INSERT INTO notifications (user_id, event_id, type, title, body) VALUES ($1, $2, 'ticket.updated', 'T', 'B')
       RETURNING id`,
      [userId, randomUUID()],
    );
    return row.id;
  }

  /** A pending access request on a RESTRICTED ticket, asked by the holder of `token`. */
  async accessRequest(t: Ticket, token: string): Promise<string> {
    await this.api('POST', `/api/v1/tickets/${t.id}/access-requests`, { reason: 'I need it' }, token);
    const [row] = await sql<{ id: string }>(
      `SELECT id FROM ticket_access_requests WHERE ticket_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [t.id],
    );
    return row.id;
  }

  /**
   * A pending access request on a new RESTRICTED ticket: `own` is one the caller asked (staff) or one on the
   * caller's own ticket (END_USER), `same` one by another agent of department A, `other` one in department B.
   */
  async freshAccessRequest(role: Role, c: Case): Promise<string> {
    const u = this.users;
    const inB = c === 'other';
    const requesterId = c === 'own' && role === 'END_USER' ? u.endUser.id : u.endUser2.id;
    const t = await makeTicket({
      requesterId,
      departmentId: inB ? this.deptB.id : this.deptA.id,
      visibility: 'RESTRICTED',
    });
    const staffOwn = c === 'own' && (role === 'AGENT' || role === 'TEAM_LEAD');
    const asker = staffOwn ? this.tokens[role]! : await this.login(inB ? u.agentB : u.agentA2);
    return this.accessRequest(t, asker);
  }
}

const viewBody = (shared: boolean) => ({ name: unique('View'), filters: { priority: 'HIGH' }, shared });
