import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Role, Roles, type Viewer } from '../auth/index.js';
import type { RequestContext } from '../common/context.js';
import { pageSize } from '../common/pagination/index.js';
import { ListSize } from '../hardening/list-size.js';
import { CreateWebhookInput } from './dto/webhook.inputs.js';
import { Webhook, WebhookDelivery } from './entities/webhook.entity.js';
import { CreatedWebhook } from './models/notification.models.js';
import { deliveriesByWebhook } from './notification.loaders.js';
import { WebhookService } from './webhook.service.js';

@Resolver(() => Webhook)
export class WebhookResolver {
  constructor(private readonly service: WebhookService) {}

  @Roles(Role.ADMIN)
  @ListSize('webhooks')
  @Query(() => [Webhook], { description: 'ADMIN' })
  webhooks(): Promise<Webhook[]> {
    return this.service.list();
  }

  @Roles(Role.ADMIN)
  @Mutation(() => CreatedWebhook, {
    description:
      'ADMIN. The url must be https and its host must resolve, to public addresses only (checked again at every\n' +
      'delivery, so a DNS change cannot point it inward); anything else, a host that does not resolve included,\n' +
      'is BAD_USER_INPUT naming the field url. With WEBHOOKS_ALLOW_PRIVATE=true, http and loopback or private\n' +
      'addresses are allowed too (tests, internal networks). A delivery answered with 3xx has failed; redirects\n' +
      'are never followed. Audit actions webhook.create and webhook.delete, entityType Webhook.',
  })
  createWebhook(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateWebhookInput): Promise<CreatedWebhook> {
    return this.service.create(viewer, input);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Boolean, { description: 'ADMIN. NOT_FOUND for an unknown id. Deliveries not yet sent are dropped.' })
  deleteWebhook(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.delete(viewer, id);
  }

  @ResolveField(() => [WebhookDelivery], { description: 'Newest first' })
  deliveries(
    @Parent() webhook: Webhook,
    @Context() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
  ): Promise<WebhookDelivery[]> {
    return ctx.loaders.load(deliveriesByWebhook, `${pageSize(first)}:${webhook.id}`);
  }
}
