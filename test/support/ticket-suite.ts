import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startTestApp } from './app';
import { Json, testApi } from './api';
import { makeDepartment, makeTicket, makeUser, TestUser, unique } from './factories';

/** The people and departments the ticket suites share: two departments, their staff, a requester and an ADMIN. */
export interface TicketWorld {
  app: NestFastifyApplication;
  deptA: { id: string };
  deptB: { id: string };
  requester: TestUser;
  otherUser: TestUser;
  agentA: TestUser;
  agentB: TestUser;
  leadA: TestUser;
  admin: TestUser;
}

/**
 * Starts the app and makes the world in `beforeAll` (closing it in `afterAll`) of the calling suite; `createTicket`
 * files a ticket in department A unless the body says otherwise, `seedTicket` writes the requester's ticket in
 * department A straight to the database (see makeTicket) unless `over` says otherwise.
 */
export function ticketSuite() {
  const w = {} as TicketWorld;
  const api = testApi(() => w.app);
  beforeAll(async () => {
    w.app = await startTestApp();
    w.deptA = await makeDepartment();
    w.deptB = await makeDepartment();
    w.requester = await makeUser();
    w.otherUser = await makeUser();
    w.agentA = await makeUser({ role: 'AGENT', departmentId: w.deptA.id });
    w.agentB = await makeUser({ role: 'AGENT', departmentId: w.deptB.id });
    w.leadA = await makeUser({ role: 'TEAM_LEAD', departmentId: w.deptA.id });
    w.admin = await makeUser({ role: 'ADMIN' });
  });
  afterAll(async () => {
    await w.app?.close();
  });
  const createTicket = (who: TestUser, body: Json = {}): Promise<Json> =>
    api.createTicket(who, {
      title: `Printer ${unique()}`,
      description: 'It does not print',
      departmentId: w.deptA.id,
      ...body,
    });
  const seedTicket = (over: Partial<Parameters<typeof makeTicket>[0]> = {}) =>
    makeTicket({ requesterId: w.requester.id, departmentId: w.deptA.id, ...over });
  return { w, ...api, createTicket, seedTicket };
}
