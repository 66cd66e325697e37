import { createPrivateDatabase, PrivateDatabase } from './private-database';
import { TestSmtpServer } from './smtp';

export interface Mailing {
  db: PrivateDatabase;
  smtp: TestSmtpServer;
  /** the environment of an app whose worker mails through `smtp` from `db` */
  env: Record<string, string>;
}

/**
 * For a suite whose worker sends mail: a database of its own (see createPrivateDatabase), which the factories write
 * to from now on, and an SMTP server to receive the mail, with the app environment for both: Redis keys of its own
 * (named after `label`), a sender address and a quick outbox poll.
 */
export async function startMailing(label: string): Promise<Mailing> {
  const [db, smtp] = await Promise.all([createPrivateDatabase(label), new TestSmtpServer().start()]);
  process.env.DATABASE_URL = db.url;
  const env = {
    DATABASE_URL: db.url,
    REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}${label}:`,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Helpdesk <desk@example.test>',
    OUTBOX_POLL_INTERVAL_MS: '100',
  };
  return { db, smtp, env };
}
