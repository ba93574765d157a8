import type { LoaderContext } from '../common/context.js';
import { defineLoader, groupBy, indexBy } from '../common/loaders/index.js';
import { Initiative } from '../initiatives/entities/initiative.entity.js';
import { InitiativeRepository } from '../initiatives/initiative.repository.js';
import { WebhookDelivery } from './entities/webhook.entity.js';
import { WebhookService } from './webhook.service.js';

/** The initiatives notifications name, batched per request (one statement for a page of notifications). */
export const notifiedInitiativeById = defineLoader<string, Initiative | null, LoaderContext>(
  'notifications.initiativeById',
  async (ids, ctx) => indexBy(ids, await ctx.get(InitiativeRepository).byIds(ids), (row) => row.id),
);

/** A webhook's newest deliveries, keyed "first:webhookId"; one statement per page size asked for. */
export const deliveriesByWebhook = defineLoader<string, WebhookDelivery[], LoaderContext>(
  'notifications.deliveriesByWebhook',
  async (keys, ctx) => {
    const bySize = new Map<number, string[]>();
    for (const key of keys) {
      const [first, id] = key.split(':');
      bySize.set(Number(first), [...(bySize.get(Number(first)) ?? []), id]);
    }
    const found = new Map<string, WebhookDelivery[]>();
    for (const [first, ids] of bySize) {
      const rows = await ctx.get(WebhookService).deliveriesOf(ids, first);
      groupBy(ids, rows, (row) => row.webhookId).forEach((list, i) => found.set(`${first}:${ids[i]}`, list));
    }
    return keys.map((key) => found.get(key) ?? []);
  },
);
