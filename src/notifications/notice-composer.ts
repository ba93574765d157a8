import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { InitiativeRepository, NoticeRecipients } from '../initiatives/initiative.repository.js';
import { StatusUpdateRepository } from '../status-updates/status-update.repository.js';
import { NotificationKind } from './entities/enums.js';
import { composeMail, MailContent, MailInitiative } from './mail-texts.js';
import { byRecipient, initiativeRecipients, MailRequest, normalizeAddress } from './notification.rules.js';
import { NewNotification } from './notification.repository.js';

/**
 * Turns what happened into e-mails to whom: reads the recipients (an initiative's contacts or its agency's
 * reporting address, the update's authors, REVIEWERS_EMAIL) and composes each mail once, as it will be sent.
 */
@Injectable()
export class NoticeComposer {
  constructor(
    private readonly config: AppConfig,
    private readonly initiatives: InitiativeRepository,
    private readonly updates: StatusUpdateRepository,
  ) {}

  /** The notifications of the e-mails a write asks for. */
  async forRequests(all: MailRequest[]): Promise<NewNotification[]> {
    // Without a reviewers' mailbox a submission sends nothing, and reads nothing to find that out.
    const reviewers = this.config.notifications.reviewersEmail;
    const requests = reviewers ? all : all.filter((r) => r.kind !== NotificationKind.SUBMITTED);
    const single = requests.filter(
      (r): r is Exclude<MailRequest, { kind: NotificationKind.ROUND_OPENED }> =>
        r.kind !== NotificationKind.ROUND_OPENED,
    );
    const named = new Map(
      (await this.initiatives.noticeRecipients({ ids: [...new Set(single.map((r) => r.initiativeId))] })).map((i) => [
        i.id,
        i,
      ]),
    );
    const out: NewNotification[] = [];
    for (const request of requests) {
      if (request.kind === NotificationKind.ROUND_OPENED) {
        const expected = await this.initiatives.noticeRecipients({ active: true });
        for (const [recipient, initiatives] of digests(expected)) {
          out.push(
            this.notification(recipient, null, initiatives, {
              kind: NotificationKind.ROUND_OPENED,
              period: request.period,
              dueDate: request.dueDate,
              message: request.message,
              initiatives,
            }),
          );
        }
        continue;
      }
      const initiative = named.get(request.initiativeId);
      if (!initiative) continue;
      if (request.kind === NotificationKind.SUBMITTED) {
        out.push(
          this.notification(normalizeAddress(reviewers!), null, [initiative], {
            kind: request.kind,
            period: request.period,
            initiative,
          }),
        );
        continue;
      }
      const authors = new Set((await this.updates.authorEmails(request.statusUpdateId)).map(normalizeAddress));
      for (const recipient of authors) {
        out.push(
          this.notification(recipient, null, [initiative], {
            kind: request.kind,
            period: request.period,
            initiative,
            comment: request.comment,
          }),
        );
      }
    }
    return out;
  }

  /** One reminder digest per recipient of the round's missing initiatives, for one occasion. */
  async reminders(
    period: string,
    dueDate: string,
    occasion: number,
    missingInitiativeIds: readonly string[],
  ): Promise<NewNotification[]> {
    const missing = await this.initiatives.noticeRecipients({ ids: missingInitiativeIds });
    return [...digests(missing)].map(([recipient, initiatives]) =>
      this.notification(recipient, occasion, initiatives, {
        kind: NotificationKind.REMINDER,
        period,
        dueDate,
        occasion,
        initiatives,
      }),
    );
  }

  private notification(
    recipient: string,
    occasion: number | null,
    initiatives: MailInitiative[],
    content: MailContent,
  ): NewNotification {
    const mail = composeMail(content, this.config.notifications.publicUrl);
    return {
      kind: content.kind,
      recipient,
      subject: mail.subject,
      period: content.period,
      occasion,
      initiativeIds: initiatives.map((i) => i.id),
      textBody: mail.text,
      htmlBody: mail.html,
    };
  }
}

/** Each recipient with all of their initiatives (in code order), for the digests of a round. */
function digests(initiatives: NoticeRecipients[]): Map<string, MailInitiative[]> {
  return byRecipient(
    initiatives.map((i) => ({
      item: { id: i.id, code: i.code, title: i.title },
      recipients: initiativeRecipients(i.contacts, i.agencyReportingEmail),
    })),
  );
}
