import { DeliveryStatus } from '../../initiatives/entities/enums.js';
import { Obstacle } from '../../status-updates/entities/status-update.entity.js';
import { StatusUpdateService } from '../../status-updates/status-update.service.js';
import type { DemoContext, DemoPart } from '../demo-part.js';

/**
 * The demo's status updates, in their states, through the workflow itself: the demo ADMIN saves and submits
 * (an ADMIN may report for any initiative), the demo REVIEWER approves or returns (four eyes), so approved
 * updates are published and their initiatives' current status is recorded as in real use. Oldest period
 * first, as the quarters were reported.
 */
export const statusUpdatesPart: DemoPart = {
  name: 'status updates, in their states',
  async load(context: DemoContext) {
    const updates = context.moduleRef.get(StatusUpdateService, { strict: false });
    const items = [...context.data.statusUpdates].sort((a, b) =>
      a.period < b.period ? -1 : a.period > b.period ? 1 : 0,
    );
    for (const item of items) {
      const initiativeId = context.initiativeIds.get(item.initiative);
      if (!initiativeId)
        throw new Error(`Demo data: initiative ${item.initiative} was not loaded before its status updates`);
      const draft = await updates.save(context.admin, {
        initiativeId,
        period: item.period,
        status: item.status as DeliveryStatus,
        progressPercent: item.progressPercent ?? null,
        summary: item.summary,
        obstacles: item.obstacles as Obstacle[],
      });
      if (item.state === 'DRAFT') continue;
      const submitted = await updates.submit(context.admin, draft.id, draft.version);
      if (item.state === 'APPROVED') await updates.approve(context.reviewer, submitted.id, null, submitted.version);
      else if (item.state === 'RETURNED')
        await updates.return(context.reviewer, submitted.id, 'Demo: utfyllende kommentar ønskes', submitted.version);
      else if (item.state !== 'SUBMITTED') throw new Error(`Demo data: unknown update state ${item.state}`);
    }
  },
};
