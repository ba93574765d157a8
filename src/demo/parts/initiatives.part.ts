import { DeliveryService } from '../../initiatives/delivery.service.js';
import { DeliveryState, InitiativeLifecycle } from '../../initiatives/entities/enums.js';
import { InitiativeService } from '../../initiatives/initiative.service.js';
import type { DemoContext, DemoPart } from '../demo-part.js';

function idOf<K>(map: Map<K, string>, key: K, what: string): string {
  const id = map.get(key);
  if (!id) throw new Error(`Demo data: ${what} ${String(key)} was not loaded before the initiatives`);
  return id;
}

/** The demo's initiatives and their deliveries, written by the demo ADMIN through the initiatives services. */
export const initiativesPart: DemoPart = {
  name: 'initiatives and their deliveries',
  async load(context: DemoContext) {
    const writes = context.moduleRef.get(InitiativeService, { strict: false });
    const deliveries = context.moduleRef.get(DeliveryService, { strict: false });
    if (!context.strategyId) throw new Error('Demo data: the strategy was not loaded before the initiatives');
    const org = (orgNumber: string) => idOf(context.organizationIds, orgNumber, 'organisation');
    for (const item of context.data.initiatives) {
      const initiative = await writes.create(context.admin, {
        strategyId: context.strategyId,
        code: item.code,
        title: item.title,
        summary: item.summary,
        description: item.description ?? null,
        goalIds: item.goals.map((number) => idOf(context.goalIds, number, 'goal')),
        focusAreaId: item.focusArea ? idOf(context.focusAreaIds, item.focusArea, 'focus area') : null,
        lifeEventIds: item.lifeEvents.map((slug) => idOf(context.lifeEventIds, slug, 'life event')),
        responsibleMinistryId: item.responsibleMinistry ? org(item.responsibleMinistry) : null,
        executingAgencyId: org(item.executingAgency),
        partnerIds: item.partners.map(org),
        startDate: item.startDate,
        plannedEndDate: item.plannedEndDate,
        lifecycle: item.lifecycle as InitiativeLifecycle,
      });
      context.initiativeIds.set(item.code, initiative.id);
      for (const delivery of item.deliveries) {
        await deliveries.add(context.admin, initiative.id, {
          title: delivery.title,
          description: delivery.description ?? null,
          dueDate: delivery.dueDate,
          state: delivery.state as DeliveryState,
        });
      }
    }
  },
};
