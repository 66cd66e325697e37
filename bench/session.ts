import { BENCH_PASSWORD } from './seed';

/** A seeded user logged in against the service under test. */
export interface Session {
  token: string;
  userId: string;
  role: string;
  departmentId: string | null;
}

/** Logs in a seeded user (password BENCH_PASSWORD); anything but 200 throws with the answer's start. */
export async function login(baseUrl: string, email: string): Promise<Session> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`login as ${email}: HTTP ${response.status} ${text.slice(0, 300)}`);
  const { data } = JSON.parse(text) as {
    data: { accessToken: string; user: { id: string; role: string; departmentId: string | null } };
  };
  return {
    token: data.accessToken,
    userId: data.user.id,
    role: data.user.role,
    departmentId: data.user.departmentId,
  };
}
