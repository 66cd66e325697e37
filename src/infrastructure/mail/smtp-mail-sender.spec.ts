import { SmtpMailSender } from './smtp-mail-sender';

describe('SmtpMailSender', () => {
  it('refuses a mail once its pool has closed, instead of leaving it unanswered', async () => {
    // nothing listens on the port: a closed pool must answer without trying to connect
    const sender = new SmtpMailSender(
      { smtpUrl: 'smtp://127.0.0.1:1', from: 'helpdesk@example.test' } as never,
      { mailConcurrency: 1 } as never,
    );
    sender.onApplicationShutdown();
    await expect(
      sender.send({ to: 'a@example.test', subject: 'Hello', text: 'body', kind: 'test' }),
    ).rejects.toThrow(/closed/);
  });
});
