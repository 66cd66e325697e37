import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { createTransport, Transporter } from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import { MailMessage } from '../../common/mail/outbound-mail';
import { mailConfig, workerConfig, WorkerConfig } from '../../config/configuration';

/**
 * Sends through SMTP_URL with nodemailer; without SMTP_URL it logs that a mail would go out (never its body). Mails
 * go over a pool of up to WORKER_MAIL_CONCURRENCY SMTP connections that stay open between mails, so a busy queue does
 * not pay a connection, greeting and EHLO per mail. The pool closes in the last shutdown phase, after the mail worker
 * has finished its jobs; a mail handed over after that fails at once (and is retried by the queue), since a closed
 * pool would take it and never answer.
 */
@Injectable()
export class SmtpMailSender implements OnApplicationShutdown {
  private readonly logger = new Logger(SmtpMailSender.name);
  private readonly transport?: Transporter;
  private closed = false;

  constructor(
    @Inject(mailConfig.KEY) private readonly config: ConfigType<typeof mailConfig>,
    @Inject(workerConfig.KEY) workers: WorkerConfig,
  ) {
    if (config.smtpUrl)
      this.transport = createTransport(
        new SMTPPool({ pool: true, url: config.smtpUrl, maxConnections: workers.mailConcurrency }),
      );
  }

  async send(message: MailMessage): Promise<void> {
    if (!this.transport) {
      this.logger.log(
        { kind: message.kind, subject: message.subject },
        'SMTP_URL unset: mail logged, not sent',
      );
      return;
    }
    if (this.closed) throw new Error('the SMTP connection pool has closed: the mail is left to a retry');
    await this.transport.sendMail({
      from: this.config.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: message.headers,
      messageId: message.messageId,
    });
  }

  onApplicationShutdown(): void {
    this.closed = true;
    this.transport?.close();
  }
}
