import { ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, reachable } from '../../src/infrastructure/embedded/free-port';

const BINARY = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p));

/** uid and gid of a system user, from /etc/passwd */
function systemUser(name: string): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A real IMAP server for tests: Debian's Dovecot (package dovecot-imapd; `.ci/run` installs it), started in the
 * foreground on a free loopback port with a configuration, plain-text passwd file and maildirs in a temporary folder,
 * and stopped (folder removed) by `stop()`.
 */
export class TestDovecot {
  port = 0;
  private dir = '';
  private process?: ChildProcess;
  private output = '';
  private readonly users = new Map<string, string>();

  /** `idle: false` leaves IDLE out of the capabilities, so clients must poll */
  constructor(
    users: Record<string, string>,
    private readonly options: { idle?: boolean } = {},
  ) {
    for (const [name, password] of Object.entries(users)) this.users.set(name, password);
  }

  async start(): Promise<this> {
    if (!BINARY)
      throw new Error('Dovecot is not installed: apt-get install -y dovecot-imapd (.ci/run does this)');
    this.port = await freePort();
    this.dir = mkdtempSync(join(tmpdir(), 'dovecot-'));
    chmodSync(this.dir, 0o755); // the login processes run as dovenull and must reach base_dir
    const root = process.getuid?.() === 0;
    // mail is never accessed as root: as root, the mail processes run as the package's `dovecot` user
    const owner = root
      ? (systemUser('dovecot') ?? systemUser('nobody'))!
      : { uid: process.getuid!(), gid: process.getgid!() };
    const me = root ? null : (process.env.USER ?? 'root');
    const mail = join(this.dir, 'mail');
    mkdirSync(mail);
    if (root) chownSync(mail, owner.uid, owner.gid);
    writeFileSync(
      join(this.dir, 'passwd'),
      [...this.users].map(([user, password]) => `${user}:{PLAIN}${password}::::::\n`).join(''),
    );
    const conf = join(this.dir, 'dovecot.conf');
    writeFileSync(
      conf,
      `base_dir = ${this.dir}/run
state_dir = ${this.dir}/state
log_path = ${this.dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = ${owner.uid}
first_valid_gid = ${owner.gid}
mail_location = maildir:${mail}/%u
${me ? `default_internal_user = ${me}\ndefault_login_user = ${me}\n` : ''}passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${this.dir}/passwd
}
userdb {
  driver = static
  args = uid=${owner.uid} gid=${owner.gid} home=${mail}/%u
}
namespace inbox {
  inbox = yes
  mailbox Processed {
    auto = create
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${this.port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
protocol imap {
  mail_max_userip_connections = 200
${this.options.idle === false ? '  imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+ UIDPLUS\n' : ''}}
`,
    );
    this.process = spawn(BINARY, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.process.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    const deadline = Date.now() + 15_000;
    while (!(await reachable('127.0.0.1', this.port))) {
      if (this.process.exitCode !== null || Date.now() > deadline) {
        const log = existsSync(join(this.dir, 'dovecot.log'))
          ? readFileSync(join(this.dir, 'dovecot.log'), 'utf8')
          : '';
        await this.stop();
        throw new Error(`Dovecot did not start: ${this.output}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return this;
  }

  /** changes a user's password (the passwd file is read at each login) */
  setPassword(user: string, password: string): void {
    this.users.set(user, password);
    writeFileSync(
      join(this.dir, 'passwd'),
      [...this.users].map(([u, p]) => `${u}:{PLAIN}${p}::::::\n`).join(''),
    );
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
