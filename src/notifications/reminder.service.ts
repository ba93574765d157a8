import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { JobName, JobQueue } from './job-queue.js';
import { NoticeComposer } from './notice-composer.js';
import { osloDay } from '../common/quarter.js';
import { dueOccasions } from './notification.rules.js';
import { NotificationRepository } from './notification.repository.js';
import { OPEN_ROUNDS, type OpenRounds } from './open-rounds.js';

/** The actor of the reminder pass's writes. */
const ACTOR = 'reminder-pass';

export interface ReminderPassResult {
  /** YYYY-MM-DD in Europe/Oslo */
  today: string;
  /** The (round, occasion) pairs due today */
  occasions: { period: string; occasion: number }[];
  /** Reminders made by this pass (those made before for the same occasion and recipient are not counted) */
  queued: number;
}

/**
 * The reminder pass: at start and every REMINDER_SCAN_S, for every OPEN round whose REMINDER_DAYS occasion
 * falls on today (Europe/Oslo), one digest per recipient of the round's missing initiatives. Every instance
 * runs it; the unique key (period, occasion, recipient) makes sure each digest is made once, whatever the
 * number of instances, passes and restarts, and however the due date moves.
 */
@Injectable()
export class ReminderService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private timer?: NodeJS.Timeout;
  private running?: Promise<ReminderPassResult>;

  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly composer: NoticeComposer,
    private readonly notifications: NotificationRepository,
    private readonly queue: JobQueue,
    @Optional() @Inject(OPEN_ROUNDS) private readonly rounds?: OpenRounds,
  ) {}

  onApplicationBootstrap(): void {
    void this.scheduled();
    this.timer = setInterval(() => void this.scheduled(), this.config.notifications.reminderScanSeconds * 1000);
    this.timer.unref();
  }

  beforeApplicationShutdown(): Promise<unknown> | void {
    clearInterval(this.timer);
    return this.running?.catch(() => undefined);
  }

  private async scheduled(): Promise<void> {
    try {
      const result = await this.run();
      if (result.queued > 0) this.logger.log(`Reminder pass of ${result.today}: ${result.queued} reminders queued`);
    } catch (error) {
      this.logger.warn(`Reminder pass failed: ${(error as Error).message}`);
    }
  }

  /** Runs the pass now (tests call it through the container; there is no public mutation for it). */
  run(now: Date = new Date()): Promise<ReminderPassResult> {
    // One pass at a time in this instance; others meet at the unique key.
    const previous = this.running ?? Promise.resolve(undefined);
    const next = previous.catch(() => undefined).then(() => this.pass(now));
    this.running = next;
    return next;
  }

  private async pass(now: Date): Promise<ReminderPassResult> {
    const today = osloDay(now);
    if (!this.rounds) return { today, occasions: [], queued: 0 };
    const occasions = dueOccasions(await this.rounds.openRounds(), today, this.config.notifications.reminderDays);
    let queued = 0;
    for (const { period, dueDate, occasion } of occasions) {
      const missing = await this.rounds.missingInitiativeIds(period);
      const reminders = await this.composer.reminders(period, dueDate, occasion, missing);
      queued += await this.db.transaction(ACTOR, async () => {
        const ids = await this.notifications.insert(reminders);
        await this.queue.enqueue(ids.map((id) => ({ name: JobName.SEND_MAIL, id })));
        return ids.length;
      });
    }
    return { today, occasions: occasions.map(({ period, occasion }) => ({ period, occasion })), queued };
  }
}
