import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/infrastructure/embedded/free-port';
import { INBOUND_MAIL_MAX_BYTES } from '../src/modules/notifications/inbound-email.service';
import { makeUser, unique } from './support/factories';
import { productionEnv, requireBuild, ServiceProcess } from './support/process';
import { timedRequest, TimedResponse } from './support/timing';

const MiB = 1024 * 1024;
const SECRET = `inbound-${unique()}-secret`;
/** The budget: what one request may make the process hold beyond what it held before, twice the body limit. */
const BUDGET = 2 * INBOUND_MAIL_MAX_BYTES;

/** Resident and peak resident bytes of a process (Linux); writing 5 to clear_refs resets the peak. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string): number =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}
const resetPeak = (pid: number): void => writeFileSync(`/proc/${pid}/clear_refs`, '5');

/** Mail of about `bytes` whose single text part is `line` over and over, in `encoding`. */
function mailOf(from: string, bytes: number, line: string, encoding = '7bit'): Buffer {
  const head = [
    `From: Sender <${from}>`,
    'To: support@example.test',
    `Subject: a large mail ${unique()}`,
    `Message-ID: <${unique()}@example.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Transfer-Encoding: ${encoding}`,
    '',
    '',
  ].join('\r\n');
  return Buffer.from(head + line.repeat(Math.floor((bytes - head.length) / line.length)), 'latin1');
}

/** One inbound mail on a fresh connection: the answer, parsed (status -1 after a minute without one). */
const post = (port: number, body: Buffer): Promise<TimedResponse> =>
  timedRequest(
    port,
    {
      method: 'POST',
      path: '/api/v1/inbound/email',
      headers: {
        'content-type': 'message/rfc822',
        'content-length': body.length,
        'x-inbound-secret': SECRET,
      },
      body,
    },
    60_000,
  );

/**
 * What one request may cost in memory, measured on the built service as a process of its own: the growth of its
 * peak resident set while it takes a mail of nearly 25 MiB, against twice the body limit. Before the inbound reader
 * cut text parts ahead of the mail parser, a 24 MiB plain text mail raised the peak by about 100 MiB and a
 * quoted-printable one by about 500 MiB.
 */
(process.platform === 'linux' ? describe : describe.skip)('memory budget per request (process)', () => {
  let service: ServiceProcess;
  let port: number;
  let sender: string;
  const storage = join(tmpdir(), unique('memory-budget-storage'));

  beforeAll(async () => {
    requireBuild();
    sender = (await makeUser()).email;
    port = await freePort();
    service = new ServiceProcess(
      productionEnv('mem', {
        PORT: String(port),
        WORKER_IN_PROCESS: 'false',
        INBOUND_EMAIL_SECRET: SECRET,
        STORAGE_DIR: storage,
        RATE_LIMIT_ANONYMOUS_PER_IP: '0',
      }),
    ).start();
    await service.waitForOutput(/Helpdesk API on/);
    // the first mail loads what every mail needs (parsers, charset tables, prepared statements)
    expect((await post(port, mailOf(sender, 64 * 1024, 'warm-up line\r\n'))).status).toBe(201);
  });
  afterAll(async () => {
    await service?.stop();
    rmSync(storage, { recursive: true, force: true });
  });

  async function growthWhileTaking(mail: Buffer): Promise<number> {
    await new Promise((r) => setTimeout(r, 500));
    const before = memoryOf(service.pid).rss;
    resetPeak(service.pid);
    const res = await post(port, mail);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ data: { status: 'ticket_created' } });
    return memoryOf(service.pid).peak - before;
  }

  it('takes a 24 MiB plain text mail within twice the body limit', async () => {
    const mail = mailOf(
      sender,
      24 * MiB,
      'An ordinary line of text in a very large mail, over and over.\r\n',
    );
    const growth = await growthWhileTaking(mail);
    expect(growth).toBeLessThan(BUDGET);
  });

  it('takes a 24 MiB quoted-printable mail of short soft-broken lines within twice the body limit', async () => {
    const mail = mailOf(sender, 24 * MiB, `${'=C3=A9'.repeat(12)}=\r\n`, 'quoted-printable');
    const growth = await growthWhileTaking(mail);
    expect(growth).toBeLessThan(BUDGET);
  });
});
