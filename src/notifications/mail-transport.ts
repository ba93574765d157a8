import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Mail } from 'nodemailer';
import { AppConfig, withoutCredentials } from '../config/app-config.js';

export interface OutgoingMail {
  /** The notification's id: the Message-ID, the same on every try, so a receiver can drop a repeat */
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** A send that failed; `permanent` when trying again cannot help (an SMTP 5xx answer). */
export class MailError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/**
 * Sends e-mail with nodemailer over SMTP_URL from MAIL_FROM; without SMTP_URL it writes each mail as an .eml
 * file under DATA_DIR/mail (counted as sent), so that a developer can read what would have gone out.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transporter: Mail;
  private readonly secrets: string[];

  constructor(private readonly config: AppConfig) {
    const settings = config.notifications;
    const common = { disableFileAccess: true, disableUrlAccess: true };
    if (settings.smtpUrl) {
      this.transporter = nodemailer.createTransport({
        url: settings.smtpUrl,
        connectionTimeout: settings.smtpTimeoutMs,
        greetingTimeout: settings.smtpTimeoutMs,
        socketTimeout: settings.smtpTimeoutMs,
        dnsTimeout: settings.smtpTimeoutMs,
        ...common,
      });
    } else {
      this.transporter = nodemailer.createTransport({
        streamTransport: true,
        buffer: true,
        newline: 'unix',
        ...common,
      });
    }
    this.secrets = credentialsOf(settings.smtpUrl);
  }

  /** Where the .eml files go, or null when mail goes over SMTP. */
  get mailDir(): string | null {
    return this.config.notifications.smtpUrl ? null : this.config.notifications.mailDir;
  }

  async send(mail: OutgoingMail): Promise<void> {
    const message = {
      from: this.config.notifications.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: `<${mail.id}@handlingsplan>`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    };
    let info: { message?: Buffer };
    try {
      info = (await this.transporter.sendMail(message)) as { message?: Buffer };
    } catch (error) {
      throw this.failure(error);
    }
    const dir = this.mailDir;
    if (dir && info.message) {
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`);
      await writeFile(file, info.message);
      this.logger.log(`Mail ${mail.id} written to ${file} (no SMTP_URL set)`);
    }
  }

  /**
   * The error as lastError shows it: the SMTP answer or the connection problem, never the user name or
   * password of SMTP_URL. A 5xx answer is permanent; a 4xx, a timeout or a lost connection is worth retrying.
   */
  private failure(error: unknown): MailError {
    const e = error as { message?: string; responseCode?: number; code?: string };
    let message = withoutCredentials(e.message ?? String(error)) ?? '';
    for (const secret of this.secrets) message = message.split(secret).join('***');
    if (e.code && !message.includes(e.code)) message = `${message} (${e.code})`;
    const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
    return new MailError(message.slice(0, 2000), permanent);
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}

/** The user name and password in an SMTP URL, raw and decoded, to keep them out of every message. */
function credentialsOf(smtpUrl: string | undefined): string[] {
  if (!smtpUrl) return [];
  try {
    const url = new URL(smtpUrl);
    return [url.username, url.password, decodeURIComponent(url.username), decodeURIComponent(url.password)]
      .filter((s) => s.length >= 3)
      .sort((a, b) => b.length - a.length);
  } catch {
    return [];
  }
}
