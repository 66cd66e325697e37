import bcrypt from 'bcryptjs';
import request from 'supertest';
import { startTestApp } from './support/app';
import { makeUser, sql } from './support/factories';

jest.setTimeout(60_000);

/**
 * Nest runs its modules' destroy hooks before the HTTP server stops serving. The password hashing pool closes after
 * the server instead: a login whose bcrypt check is running when the shutdown begins finishes (200), rather than
 * failing as a wrong password (401) that would count against the account.
 */
describe('a login in flight when the app shuts down (e2e)', () => {
  it('finishes with its tokens', async () => {
    const app = await startTestApp();
    const user = await makeUser();
    // a slow hash (cost 12, a few hundred ms to check), so the check is still running when the shutdown starts
    await sql(`UPDATE users SET password_hash = $2 WHERE id = $1`, [
      user.id,
      await bcrypt.hash(user.password, 12),
    ]);
    // listening as main.ts does, so closing the app closes a server Fastify started (and waits for its requests)
    await app.listen(0, '127.0.0.1');
    const login = request(await app.getUrl())
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password })
      .then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const closed = app.close();
    const res = await login;
    await closed;
    expect(res.status).toBe(200);
    expect(res.body.data.accessToken).toEqual(expect.any(String));
  });
});
