import { readdirSync, readFileSync } from 'node:fs';
import bcryptjs from 'bcryptjs';
import { currentRequestContext, runInRequestContext } from '../../common/request-context';
import { BcryptPasswordHasher } from './bcrypt-password-hasher';
import { BcryptWorkerPool, HASHING_NICENESS } from './bcrypt-worker-pool';

const hasherAt = (bcryptCost: number) =>
  new BcryptPasswordHasher({ bcryptCost } as ConstructorParameters<typeof BcryptPasswordHasher>[0]);

describe('BcryptPasswordHasher', () => {
  const hasher = hasherAt(4);

  it('verifies hashes made earlier with bcryptjs ($2a$, $2b$ and $2y$ prefixes)', async () => {
    const stored = bcryptjs.hashSync('an-older-password-1', 4);
    for (const prefix of ['$2a$', '$2b$', '$2y$']) {
      const hash = prefix + stored.slice(4);
      await expect(hasher.verify('an-older-password-1', hash)).resolves.toBe(true);
      await expect(hasher.verify('an-older-password-2', hash)).resolves.toBe(false);
    }
  });

  it('makes standard bcrypt hashes at the configured cost, which bcryptjs accepts too', async () => {
    const hash = await hasherAt(5).hash('a-new-password-123');
    expect(hash).toMatch(/^\$2[aby]\$05\$[./A-Za-z0-9]{53}$/);
    expect(bcryptjs.compareSync('a-new-password-123', hash)).toBe(true);
    await expect(hasher.verify('a-new-password-123', hash)).resolves.toBe(true);
    await expect(hasher.verify('a-new-password-124', hash)).resolves.toBe(false);
  });

  it('answers false, without throwing, for a stored value that is no bcrypt hash', async () => {
    await expect(hasher.verify('whatever-password', 'not-a-hash')).resolves.toBe(false);
    await expect(hasher.verify('whatever-password', '')).resolves.toBe(false);
  });

  it('hashes off the event loop: the loop keeps turning while a cost-12 hash is computed', async () => {
    let turns = 0;
    let hashing = true;
    const spin = (): void => {
      turns += 1;
      if (hashing) setImmediate(spin);
    };
    setImmediate(spin);
    await hasherAt(12).hash('a-password-at-cost-12');
    hashing = false;
    // in-loop bcrypt (bcryptjs) yields only every 100 ms of hashing: a handful of turns for the whole hash
    expect(turns).toBeGreaterThan(200);
  });

  it("moves the request's database deadline on by the time hashing took, and sets none that was not set", async () => {
    const deadline = Date.now() + 1_000;
    const moved = await runInRequestContext(
      { requestId: 'r1', actorId: null, databaseDeadline: deadline },
      async () => {
        const started = Date.now();
        await hasherAt(10).hash('a-password-at-cost-10');
        return { by: currentRequestContext()!.databaseDeadline! - deadline, took: Date.now() - started };
      },
    );
    expect(moved.by).toBeGreaterThan(0);
    expect(moved.by).toBeLessThanOrEqual(moved.took);
    const unset = await runInRequestContext({ requestId: 'r2', actorId: null }, async () => {
      await hasher.verify('a-password', bcryptjs.hashSync('a-password', 4));
      return currentRequestContext()!.databaseDeadline;
    });
    expect(unset).toBeUndefined();
  });
});

describe('BcryptWorkerPool', () => {
  const nicenessOf = (tid: string | number): number => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // the fields after the command name (which is in parentheses): the 19th field is the niceness
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  };
  const nicenessOfThreads = (): number[] => readdirSync('/proc/self/task').map(nicenessOf);

  it('queues more jobs than threads and answers each, a refused job with an error', async () => {
    const pool = new BcryptWorkerPool(1);
    try {
      const stored = bcryptjs.hashSync('a-password-1', 4);
      const answers = await Promise.all([
        pool.verify('a-password-1', stored),
        pool.verify('a-password-2', stored),
        pool.hash('a-password-3', 4),
      ]);
      expect(answers.slice(0, 2)).toEqual([true, false]);
      expect(bcryptjs.compareSync('a-password-3', answers[2])).toBe(true);
      await expect(pool.verify('a-password-1', 'not-a-hash')).resolves.toBe(false);
      await expect(pool.hash('a-password-1', 40)).rejects.toThrow(); // bcrypt's costs end at 31
    } finally {
      await pool.close();
    }
    await expect(pool.hash('a-password-4', 4)).rejects.toThrow(/stopped/);
  });

  (process.platform === 'linux' ? it : it.skip)('hashes on threads niced below the event loop', async () => {
    const before = nicenessOfThreads().filter((n) => n === HASHING_NICENESS).length;
    const pool = new BcryptWorkerPool(1);
    try {
      await pool.hash('a-password-5', 4);
      expect(nicenessOfThreads().filter((n) => n === HASHING_NICENESS).length).toBe(before + 1);
      // the main thread (its id is the process id; once ids wrap, not always the first listed) keeps its priority
      expect(nicenessOf(process.pid)).toBe(0);
    } finally {
      await pool.close();
    }
  });
});
