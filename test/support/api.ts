import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { TestUser } from './factories';
import { bearer, binaryBody, login } from './http';
import { eventually } from './webhook-receiver';

export type Http = ReturnType<typeof request>;
export type Json = Record<string, any>;

/**
 * The HTTP side of an e2e suite, for the app its `beforeAll` starts: `http()` a request to it (or to another
 * instance), `as(user)` that user's bearer header, `get`/`post`/`patch`/`del` a route called by a user. Each user
 * signs in once per app instance; `forget()` drops the tokens after something that ends sessions. `download` gets a
 * route's body as bytes.
 */
export function testApi(app: () => NestFastifyApplication) {
  const tokens = new Map<NestFastifyApplication, Map<string, string>>();
  const token = async (u: TestUser, on: NestFastifyApplication = app()): Promise<string> => {
    const known = tokens.get(on) ?? new Map<string, string>();
    tokens.set(on, known);
    if (!known.has(u.id)) known.set(u.id, (await login(on, u.email, u.password)).accessToken);
    return known.get(u.id)!;
  };
  const as = async (u: TestUser, on?: NestFastifyApplication): Promise<[string, string]> =>
    bearer(await token(u, on));
  const http = (on: NestFastifyApplication = app()): Http => request(on.getHttpServer());
  /** `who` calls `path` below /api/v1, sending `body` as JSON when there is one: the response. */
  const call = async (
    method: 'get' | 'post' | 'patch' | 'delete',
    who: TestUser,
    path: string,
    body?: object,
  ) => {
    const req = http()
      [method](`/api/v1${path}`)
      .set(...(await as(who)));
    return body === undefined ? req : req.send(body);
  };
  const notifications = async (who: TestUser): Promise<Json[]> => {
    const res = await call('get', who, '/notifications?limit=100');
    if (res.status !== 200)
      throw new Error(`listing notifications: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data as Json[];
  };
  return {
    http,
    token,
    as,
    get: (who: TestUser, path: string) => call('get', who, path),
    post: (who: TestUser, path: string, body?: object) => call('post', who, path, body),
    patch: (who: TestUser, path: string, body: object) => call('patch', who, path, body),
    del: (who: TestUser, path: string) => call('delete', who, path),
    /** GET `path` below /api/v1 as `who`: its `data` (fails the test unless 200) */
    read: async (who: TestUser, path: string): Promise<any> => {
      const res = await call('get', who, path);
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.data;
    },
    /** GET `path` below /api/v1 as `who`, the body kept as a Buffer (a file, a raw mail) */
    download: async (who: TestUser, path: string) =>
      http()
        .get(`/api/v1${path}`)
        .set(...(await as(who)))
        .buffer(true)
        .parse(binaryBody),
    /** `who` uploads a text file `filename` holding `text` to the ticket, to its message `messageId` when given */
    uploadText: async (who: TestUser, ticketId: string, filename: string, text: string, messageId?: string) =>
      http()
        .post(`/api/v1/tickets/${ticketId}/attachments${messageId ? `?messageId=${messageId}` : ''}`)
        .set(...(await as(who)))
        .attach('file', Buffer.from(text), { filename, contentType: 'text/plain' }),
    forget: (): void => tokens.clear(),
    /** `who`'s newest 100 in-app notifications (fails the test unless 200) */
    notifications,
    /** polls `who`'s notifications until one matches (at most 15 s, then fails naming `what`); that one */
    notified: (who: TestUser, match: (n: Json) => boolean, what: string): Promise<Json> =>
      eventually(async () => (await notifications(who)).find(match), 15_000, what),
    /** `POST /tickets` as `who` with `body`; the created ticket (fails the test unless 201) */
    createTicket: async (who: TestUser, body: Json): Promise<Json> => {
      const res = await http()
        .post('/api/v1/tickets')
        .set(...(await as(who)))
        .send(body);
      if (res.status !== 201) throw new Error(`creating a ticket: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.data as Json;
    },
  };
}
