import { Injectable } from '@nestjs/common';
import pLimit, { type LimitFunction } from 'p-limit';
import { ServiceUnavailableError } from '../common/errors/index.js';
import { SingleFlight } from '../common/single-flight.js';
import { AppConfig } from '../config/app-config.js';

/**
 * Who may build an uncached overview, and when (test/abuse-overview-gate.e2e-spec.ts). Overviews of a
 * large plan are big object graphs: building more than OVERVIEW_CONCURRENCY at once only makes them wait
 * for the same CPU while holding their memory (p-limit). On top of that:
 * - single flight: identical concurrent requests share one build (until a write commits here);
 * - fairness: one client has at most OVERVIEW_PER_CLIENT builds running or waiting, so aliases or a loop
 *   of one caller cannot fill the queue for the others;
 * - a bounded wait: a build that cannot start within OVERVIEW_WAIT_MS, or finds OVERVIEW_QUEUE others
 *   waiting, answers SERVICE_UNAVAILABLE at once instead of holding its caller.
 */
@Injectable()
export class OverviewGate {
  private readonly limit: LimitFunction;
  private readonly flights = new SingleFlight();
  private readonly perClient = new Map<string, number>();

  constructor(private readonly config: AppConfig) {
    this.limit = pLimit(config.overview.concurrency);
  }

  run<T>(key: string, client: string, work: () => Promise<T>): Promise<T> {
    return this.flights.run(key, () => this.admit(client, work));
  }

  /** One build of a client's, within the limits, or SERVICE_UNAVAILABLE (thrown before any promise). */
  private admit<T>(client: string, work: () => Promise<T>): Promise<T> {
    const { perClient, queue, waitMs } = this.config.overview;
    const held = this.perClient.get(client) ?? 0;
    if (held >= perClient) {
      throw new ServiceUnavailableError(
        `Too many overviews of yours are being built right now; try again shortly`,
        1,
        'overviewPerClient',
      );
    }
    if (this.limit.pendingCount >= queue) {
      throw new ServiceUnavailableError(
        'Too many overviews are being built right now; try again shortly',
        1,
        'overviewQueue',
      );
    }
    this.perClient.set(client, held + 1);
    let started = false;
    let gaveUp = false;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (started) return;
        gaveUp = true;
        reject(
          new ServiceUnavailableError('The server is busy building overviews; try again shortly', 1, 'overviewWait'),
        );
      }, waitMs);
      this.limit(async () => {
        clearTimeout(timer);
        if (gaveUp) return;
        started = true;
        await work().then(resolve, reject);
      });
    }).finally(() => {
      const count = (this.perClient.get(client) ?? 1) - 1;
      if (count > 0) this.perClient.set(client, count);
      else this.perClient.delete(client);
    });
  }
}
