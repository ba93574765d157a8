import { NotificationKind } from './entities/enums.js';
import { composeMail, escapeHtml } from './mail-texts.js';

const initiative = { id: 'a1', code: '2.4', title: 'Sammenhengende tjenester <for> «alle» & én' };

describe('mail texts', () => {
  it('escapes every value in the HTML part and keeps it as written in the text part', () => {
    const mail = composeMail(
      {
        kind: NotificationKind.RETURNED,
        period: '2025-Q3',
        initiative,
        comment: '<script>alert("x")</script>\nLinje to',
      },
      'https://plan.example.no',
    );
    expect(mail.subject).toBe('Sendt tilbake: 2.4 Sammenhengende tjenester <for> «alle» & én, 3. kvartal 2025');
    expect(mail.text).toContain('> <script>alert("x")</script>\n> Linje to');
    expect(mail.text).toContain(
      '- 2.4 Sammenhengende tjenester <for> «alle» & én: https://plan.example.no/status/tiltak/2.4',
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Linje to');
    expect(mail.html).toContain(
      '<a href="https://plan.example.no/status/tiltak/2.4">2.4 Sammenhengende tjenester &lt;for&gt; «alle» &amp; én</a>',
    );
    expect(escapeHtml(`'"&<>`)).toBe('&#39;&quot;&amp;&lt;&gt;');
  });

  it('keeps line breaks of a title out of the subject', () => {
    const mail = composeMail(
      {
        kind: NotificationKind.SUBMITTED,
        period: '2025-Q1',
        initiative: { ...initiative, title: 'To\r\nBcc: x@y.no' },
      },
      'http://localhost:3000',
    );
    expect(mail.subject).toBe('Til godkjenning: 2.4 To Bcc: x@y.no, 1. kvartal 2025');
  });

  it('says when a reminder is due: before, on and after the day', () => {
    const reminder = (occasion: number) =>
      composeMail(
        {
          kind: NotificationKind.REMINDER,
          period: '2025-Q3',
          dueDate: '2025-10-15',
          occasion,
          initiatives: [initiative],
        },
        'http://localhost:3000',
      ).text;
    expect(reminder(3)).toContain('Fristen er om 3 dager, 15. oktober 2025.');
    expect(reminder(1)).toContain('Fristen er om 1 dag, 15. oktober 2025.');
    expect(reminder(0)).toContain('Fristen er i dag, 15. oktober 2025.');
    expect(reminder(-7)).toContain('Fristen gikk ut for 7 dager siden, 15. oktober 2025.');
  });
});
