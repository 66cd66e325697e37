import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { createTransport, Transporter } from 'nodemailer';
import { MailMessage } from '../../common/mail/outbound-mail';
import { mailConfig } from '../../config/configuration';

/** Sends through SMTP_URL with nodemailer; without SMTP_URL it logs that a mail would go out (never its body). */
@Injectable()
export class SmtpMailSender implements OnModuleDestroy {
  private readonly logger = new Logger(SmtpMailSender.name);
  private readonly transport?: Transporter;

  constructor(@Inject(mailConfig.KEY) private readonly config: ConfigType<typeof mailConfig>) {
    if (config.smtpUrl) this.transport = createTransport(config.smtpUrl);
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
