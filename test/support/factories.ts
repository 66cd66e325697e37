import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import Redis from 'ioredis';
import { Client } from 'pg';
import { versionKey } from '../../src/modules/org/persistence/redis-reference-cache';

/** Direct database factories for test data (the API itself is what the tests exercise). */
export const unique = (prefix = 'x'): string => `${prefix}-${randomBytes(4).toString('hex')}`;

async function withDb<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
  withDb(async (c) => (await c.query(text, params)).rows as T[]);

/**
 * Rows written straight into `departments` or `teams` bypass the service, so the shared Redis lists of both (org's
 * reference cache, kept for minutes and shared by every suite of the run) would not show them: move both versions on,
 * as the service does after its own writes.
 */
export async function refreshReferenceLists(): Promise<void> {
  if (!process.env.REDIS_URL) return;
  const redis = new Redis(process.env.REDIS_URL, {
    keyPrefix: process.env.REDIS_KEY_PREFIX ?? '',
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  try {
    await redis.connect();
    await redis.incr(versionKey('departments'));
    await redis.incr(versionKey('teams'));
  } finally {
    redis.disconnect();
  }
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: string;
  departmentId: string | null;
  teamId: string | null;
}

export async function makeDepartment(
  over: { name?: string; autoAssign?: boolean } = {},
): Promise<{ id: string; name: string }> {
  const name = over.name ?? unique('Dept');
  const [row] = await sql<{ id: string }>(
    `INSERT INTO departments (name, auto_assign) VALUES ($1, $2) RETURNING id`,
    [name, over.autoAssign ?? false],
  );
  await refreshReferenceLists();
  return { id: row.id, name };
}

/** `count` departments, made one after another (see makeDepartment). */
export async function makeDepartments(count: number): Promise<Array<{ id: string; name: string }>> {
  const made: Array<{ id: string; name: string }> = [];
  for (let i = 0; i < count; i++) made.push(await makeDepartment());
  return made;
}

export async function makeTeam(
  departmentId: string,
  name = unique('Team'),
): Promise<{ id: string; name: string }> {
  const [row] = await sql<{ id: string }>(
    `INSERT INTO teams (department_id, name) VALUES ($1, $2) RETURNING id`,
    [departmentId, name],
  );
  await refreshReferenceLists();
  return { id: row.id, name };
}

export async function makeUser(
  over: {
    role?: string;
    email?: string;
    password?: string;
    departmentId?: string;
    teamId?: string;
    fullName?: string;
  } = {},
): Promise<TestUser> {
  const role = over.role ?? 'END_USER';
  const email = (over.email ?? `${unique(role.toLowerCase())}@example.test`).toLowerCase();
  const password = over.password ?? 'correct-horse-battery';
  const hash = await bcrypt.hash(password, 4);
  const [row] = await sql<{ id: string }>(
    `INSERT INTO users (email, password_hash, full_name, role) VALUES ($1, $2, $3, $4) RETURNING id`,
    [email, hash, over.fullName ?? `Test ${role}`, role],
  );
  if (over.departmentId) {
    await sql(`INSERT INTO staff_profiles (user_id, department_id, team_id) VALUES ($1, $2, $3)`, [
      row.id,
      over.departmentId,
      over.teamId ?? null,
    ]);
  }
  return {
    id: row.id,
    email,
    password,
    role,
    departmentId: over.departmentId ?? null,
    teamId: over.teamId ?? null,
  };
}

/** A ticket straight in the database (fast, any status, priority, visibility and assignee). */
export async function makeTicket(over: {
  requesterId: string;
  departmentId?: string | null;
  status?: string;
  priority?: string;
  visibility?: string;
  assigneeId?: string | null;
  teamId?: string | null;
  tags?: string[];
  title?: string;
}): Promise<{ id: string; pid: string }> {
  // a real PID in a far-future month, so API routes that take a PID find it (9 digits: collisions are unlikely)
  const pid = `TKT-209912-${String(randomBytes(5).readUIntBE(0, 5) % 1e9).padStart(9, '0')}`;
  const [row] = await sql<{ id: string }>(
    `INSERT INTO tickets (pid, title, description, status, priority, visibility, requester_id, department_id,
       team_id, assignee_id, tags)
     VALUES ($1, $2, 'seeded', $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      pid,
      over.title ?? 'Seeded ticket',
      over.status ?? 'OPEN',
      over.priority ?? 'MEDIUM',
      over.visibility ?? 'INTERNAL',
      over.requesterId,
      over.departmentId ?? null,
      over.teamId ?? null,
      over.assigneeId ?? null,
      over.tags ?? [],
    ],
  );
  return { id: row.id, pid };
}
