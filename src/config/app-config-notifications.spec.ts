import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig: notifications and webhooks', () => {
  it('has defaults that write mail to .eml files and send nothing to reviewers until told where', () => {
    expect(loadConfig({}).notifications).toEqual({
      smtpUrl: undefined,
      smtpTimeoutMs: 30000,
      mailDir: '.data/mail',
      mailFrom: 'Handlingsplan <handlingsplan@localhost>',
      publicUrl: 'http://localhost:3000',
      reviewersEmail: undefined,
      reminderDays: [14, 3, -1, -7],
      reminderScanSeconds: 600,
      retryBaseMs: 10000,
      mailMaxAttempts: 6,
      webhookMaxAttempts: 8,
      webhooksAllowPrivate: false,
      queuePollMs: 2000,
      queueMaintenanceSeconds: 60,
    });
  });

  it('reads every setting', () => {
    const settings = loadConfig({
      SMTP_URL: 'smtp://user:pass@mail.example.no:587',
      MAIL_FROM: 'Digdir <noreply@digdir.no>',
      PUBLIC_URL: 'https://plan.example.no/',
      REVIEWERS_EMAIL: 'handlingsplan@digdir.no',
      REMINDER_DAYS: '7, 0, -3',
      DATA_DIR: '/var/lib/plan',
      WEBHOOKS_ALLOW_PRIVATE: 'true',
    }).notifications;
    expect(settings).toMatchObject({
      smtpUrl: 'smtp://user:pass@mail.example.no:587',
      mailFrom: 'Digdir <noreply@digdir.no>',
      publicUrl: 'https://plan.example.no',
      reviewersEmail: 'handlingsplan@digdir.no',
      reminderDays: [7, 0, -3],
      mailDir: '/var/lib/plan/mail',
      webhooksAllowPrivate: true,
    });
  });

  it('takes an empty value as unset', () => {
    const settings = loadConfig({ SMTP_URL: '', REVIEWERS_EMAIL: '', PUBLIC_URL: '', MAIL_FROM: '' }).notifications;
    expect(settings).toMatchObject({
      smtpUrl: undefined,
      reviewersEmail: undefined,
      publicUrl: 'http://localhost:3000',
    });
  });

  it.each([
    ['SMTP_URL', 'http://mail.example.no'],
    ['SMTP_URL', 'not a url'],
    ['MAIL_FROM', 'Digdir <not an address>'],
    ['MAIL_FROM', 'nobody'],
    ['PUBLIC_URL', 'ftp://plan.example.no'],
    ['REVIEWERS_EMAIL', 'handlingsplan'],
    ['REMINDER_DAYS', '14,3,x'],
    ['REMINDER_DAYS', '14,14'],
    ['REMINDER_DAYS', '400'],
    ['REMINDER_SCAN_S', '0'],
    ['RETRY_BASE_MS', '-5'],
    ['MAIL_MAX_ATTEMPTS', '0'],
    ['WEBHOOK_MAX_ATTEMPTS', 'many'],
    ['WEBHOOKS_ALLOW_PRIVATE', 'yes'],
    ['SMTP_TIMEOUT_MS', '5'],
    ['QUEUE_POLL_MS', '100'],
    ['QUEUE_MAINTENANCE_S', '0'],
  ])('stops the start on %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });

  it('never prints the password of a URL it refuses', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://mailuser:s3cret@mail.example.no' })).toThrow(
      /SMTP_URL="http:\/\/\*\*\*@mail\.example\.no"/,
    );
    try {
      loadConfig({ SMTP_URL: 'http://mailuser:s3cret@mail.example.no' });
    } catch (error) {
      expect((error as Error).message).not.toMatch(/s3cret|mailuser/);
    }
  });
});
