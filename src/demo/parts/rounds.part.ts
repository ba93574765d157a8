import { dateInWords, quarterInWords } from '../../common/norwegian.js';
import { currentQuarter, nextQuarter } from '../../common/quarter.js';
import { RoundService } from '../../rounds/round.service.js';
import type { DemoContext, DemoPart } from '../demo-part.js';

/** Updates are due on the 15th of the month after the quarter, as the directorate asks for them. */
function dueDateOf(period: string): string {
  const next = nextQuarter(period);
  return `${next.slice(0, 4)}-${String((Number(next.slice(6)) - 1) * 3 + 1).padStart(2, '0')}-15`;
}

function messageFor(period: string, dueDate: string): string {
  return `Kvartalsrapportene for ${quarterInWords(period)} skal leveres innen ${dateInWords(dueDate)}.`;
}

/**
 * The demo's reporting rounds, through RoundService by the demo ADMIN: every past quarter with updates gets
 * a round that is opened and closed (so publishedPeriods, publishedReport and statusTimeline have history),
 * and the current quarter's round is OPEN. Closing now freezes each past quarter's overview as it stands
 * after all of the demo's approvals, and its updates were first submitted when the demo loaded, so they
 * count as late against the old due dates: the demo's history is written in one go, not as it happened.
 */
export const roundsPart: DemoPart = {
  name: 'reporting rounds: past quarters closed, the current one open',
  async load(context: DemoContext) {
    const rounds = context.moduleRef.get(RoundService, { strict: false });
    const current = currentQuarter();
    const periods = [...new Set(context.data.statusUpdates.map((u) => u.period))].filter((p) => p <= current).sort();
    if (!periods.includes(current)) periods.push(current);
    for (const period of periods) {
      const dueDate = dueDateOf(period);
      await rounds.open(context.admin, { period, dueDate, message: messageFor(period, dueDate) });
      if (period < current) await rounds.close(context.admin, period);
    }
  },
};
