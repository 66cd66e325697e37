import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { createTransport, Transporter } from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import { MailMessage } from '../../common/mail/outbound-mail';
import { mailConfig, workerConfig, WorkerConfig } from '../../config/configuration';

/**
 * Sends through SMTP_URL with nodemailer; without SMTP_URL it logs that a mail would go out (never its body). Mails
 * go over a pool of up to WORKER_MAIL_CONCURRENCY SMTP connections that stay open between mails, so a busy queue does
 * not pay a connection, greeting and EHLO per mail.
 */
@Injectable()
export class SmtpMailSender implements OnModuleDestroy {
  private readonly logger = new Logger(SmtpMailSender.name);
  private readonly transport?: Transporter;

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

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
