import { createPrivateDatabase, PrivateDatabase } from './private-database';
import { TestSmtpServer } from './smtp';
import { WebhookReceiver } from './webhook-receiver';

export interface Mailing {
  db: PrivateDatabase;
  smtp: TestSmtpServer;
  /** the environment of an app whose worker mails through `smtp` from `db` */
  env: Record<string, string>;
  /** stops the SMTP server, then drops the database */
  stop(): Promise<void>;
}

export interface Hooks {
  db: PrivateDatabase;
  receiver: WebhookReceiver;
  /** the environment of an app whose outbox relays `db`'s events (webhooks go where the suite registers them) */
  env: Record<string, string>;
  /** stops the receiver, then drops the database */
  stop(): Promise<void>;
}

/**
 * The environment of an app on `db` alone, which the factories write to from now on: Redis keys of its own (named
 * after `label`) and a quick outbox poll.
 */
function ownOutboxEnv(db: PrivateDatabase, label: string): Record<string, string> {
  process.env.DATABASE_URL = db.url;
  return {
    DATABASE_URL: db.url,
    REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}${label}:`,
    OUTBOX_POLL_INTERVAL_MS: '100',
  };
}

/**
 * For a suite whose worker sends mail: a database of its own (see createPrivateDatabase), which the factories write
 * to from now on, and an SMTP server to receive the mail, with the app environment for both: Redis keys of its own
 * (named after `label`), a sender address and a quick outbox poll.
 */
export async function startMailing(label: string): Promise<Mailing> {
  const [db, smtp] = await Promise.all([createPrivateDatabase(label), new TestSmtpServer().start()]);
  const env = { ...ownOutboxEnv(db, label), SMTP_URL: smtp.url, MAIL_FROM: 'Helpdesk <desk@example.test>' };
  const stop = async (): Promise<void> => {
    await smtp.stop();
    await db.drop();
  };
  return { db, smtp, env, stop };
}

/** As startMailing, for a suite whose worker delivers webhooks: a receiver for them in place of the SMTP server. */
export async function startHooks(label: string): Promise<Hooks> {
  const [db, receiver] = await Promise.all([createPrivateDatabase(label), new WebhookReceiver().start()]);
  const stop = async (): Promise<void> => {
    await receiver.stop();
    await db.drop();
  };
  return { db, receiver, env: ownOutboxEnv(db, label), stop };
}
