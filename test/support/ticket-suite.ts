import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startTestApp } from './app';
import { Json, testApi } from './api';
import { makeDepartment, makeUser, TestUser, unique } from './factories';

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
 * files a ticket in department A unless the body says otherwise.
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
  return { w, ...api, createTicket };
}
