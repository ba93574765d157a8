import { dateInWords, quarterInWords } from '../common/norwegian.js';
import { NotificationKind } from './entities/enums.js';

/**
 * The e-mails in Norwegian bokmål: a subject, a plain-text part and an HTML part with every value escaped.
 * Each names its initiatives by code and title and links to them from PUBLIC_URL.
 */

export interface MailInitiative {
  id: string;
  code: string;
  title: string;
}

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

export type MailContent =
  | { kind: NotificationKind.SUBMITTED; period: string; initiative: MailInitiative }
  | {
      kind: NotificationKind.RETURNED | NotificationKind.APPROVED;
      period: string;
      initiative: MailInitiative;
      comment: string | null;
    }
  | {
      kind: NotificationKind.ROUND_OPENED;
      period: string;
      dueDate: string | null;
      message: string | null;
      initiatives: MailInitiative[];
    }
  | {
      kind: NotificationKind.REMINDER;
      period: string;
      dueDate: string;
      /** Days before the due date (negative: after) */
      occasion: number;
      initiatives: MailInitiative[];
    };

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Where an initiative's page is: the public status page of the initiative (DESIGN.md, Publishing). */
export function initiativeLink(publicUrl: string, initiative: MailInitiative): string {
  return `${publicUrl}/status/tiltak/${encodeURIComponent(initiative.code)}`;
}

const named = (i: MailInitiative) => `${i.code} ${i.title}`;

function dueInWords(occasion: number, dueDate: string): string {
  const date = dateInWords(dueDate);
  if (occasion === 0) return `Fristen er i dag, ${date}.`;
  if (occasion > 0) return `Fristen er om ${occasion} ${occasion === 1 ? 'dag' : 'dager'}, ${date}.`;
  const days = -occasion;
  return `Fristen gikk ut for ${days} ${days === 1 ? 'dag' : 'dager'} siden, ${date}.`;
}

/** A mail as paragraphs, lists of initiatives and a quoted text, rendered both ways. */
type Block = { p: string } | { quote: string } | { initiatives: MailInitiative[] };

function render(heading: string, blocks: Block[], publicUrl: string): ComposedMail {
  // A title may hold line breaks; a header must not (nor be longer than the record keeps).
  const subject = heading.replace(/\s+/g, ' ').slice(0, 500);
  const footer = 'Denne e-posten er sendt automatisk fra handlingsplanen. Svar på den blir ikke lest.';
  const text = [
    ...blocks.map((block) => {
      if ('p' in block) return block.p;
      if ('quote' in block) return block.quote.replace(/^/gm, '> ');
      return block.initiatives.map((i) => `- ${named(i)}: ${initiativeLink(publicUrl, i)}`).join('\n');
    }),
    '--',
    footer,
  ].join('\n\n');
  const html = [
    '<!DOCTYPE html>',
    `<html lang="nb"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>`,
    ...blocks.map((block) => {
      if ('p' in block) return `<p>${escapeHtml(block.p)}</p>`;
      if ('quote' in block) return `<blockquote>${escapeHtml(block.quote).replace(/\n/g, '<br>')}</blockquote>`;
      const items = block.initiatives.map(
        (i) => `<li><a href="${escapeHtml(initiativeLink(publicUrl, i))}">${escapeHtml(named(i))}</a></li>`,
      );
      return `<ul>${items.join('')}</ul>`;
    }),
    `<p><small>${escapeHtml(footer)}</small></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text: `${text}\n`, html: `${html}\n` };
}

export function composeMail(content: MailContent, publicUrl: string): ComposedMail {
  const quarter = quarterInWords(content.period);
  switch (content.kind) {
    case NotificationKind.SUBMITTED:
      return render(
        `Til godkjenning: ${named(content.initiative)}, ${quarter}`,
        [
          { p: 'Hei,' },
          { p: `Kvartalsrapporten for ${quarter} er sendt inn og venter på godkjenning:` },
          { initiatives: [content.initiative] },
        ],
        publicUrl,
      );
    case NotificationKind.RETURNED:
      return render(
        `Sendt tilbake: ${named(content.initiative)}, ${quarter}`,
        [
          { p: 'Hei,' },
          {
            p: `Kvartalsrapporten du har skrevet for ${quarter} er sendt tilbake med denne kommentaren fra direktoratet:`,
          },
          { quote: content.comment ?? '' },
          { p: 'Rett opp rapporten og send den inn på nytt.' },
          { initiatives: [content.initiative] },
        ],
        publicUrl,
      );
    case NotificationKind.APPROVED:
      return render(
        `Godkjent og publisert: ${named(content.initiative)}, ${quarter}`,
        [
          { p: 'Hei,' },
          { p: `Kvartalsrapporten du har skrevet for ${quarter} er godkjent og publisert.` },
          ...(content.comment ? [{ p: 'Kommentar fra direktoratet:' }, { quote: content.comment }] : []),
          { initiatives: [content.initiative] },
        ],
        publicUrl,
      );
    case NotificationKind.ROUND_OPENED:
      return render(
        `Rapporteringsrunden for ${quarter} er åpnet${content.dueDate ? `, frist ${dateInWords(content.dueDate)}` : ''}`,
        [
          { p: 'Hei,' },
          {
            p:
              `Rapporteringsrunden for ${quarter} er åpnet.` +
              (content.dueDate ? ` Fristen for å sende inn kvartalsrapporten er ${dateInWords(content.dueDate)}.` : ''),
          },
          ...(content.message ? [{ p: 'Melding fra direktoratet:' }, { quote: content.message }] : []),
          {
            p:
              content.initiatives.length === 1
                ? 'Du er kontakt for dette tiltaket:'
                : `Du er kontakt for disse ${content.initiatives.length} tiltakene:`,
          },
          { initiatives: content.initiatives },
        ],
        publicUrl,
      );
    case NotificationKind.REMINDER:
      return render(
        `Påminnelse: kvartalsrapport for ${quarter}, frist ${dateInWords(content.dueDate)}`,
        [
          { p: 'Hei,' },
          {
            p: `Vi mangler fortsatt kvartalsrapporten for ${quarter}. ${dueInWords(content.occasion, content.dueDate)}`,
          },
          {
            p:
              content.initiatives.length === 1
                ? 'Dette tiltaket har ikke sendt inn:'
                : `Disse ${content.initiatives.length} tiltakene har ikke sendt inn:`,
          },
          { initiatives: content.initiatives },
        ],
        publicUrl,
      );
  }
}
