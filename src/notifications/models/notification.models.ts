import { Field, ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/pagination/index.js';
import { Notification } from '../entities/notification.entity.js';
import { Webhook } from '../entities/webhook.entity.js';

@ObjectType()
export class NotificationConnection extends Connection(Notification) {}

@ObjectType({
  description: 'Returned once, when the webhook is created: the secret is never shown again, logged or audited',
})
export class CreatedWebhook {
  @Field(() => Webhook)
  webhook: Webhook;

  @Field({
    description: 'The Standard Webhooks signing secret: whsec_ followed by the base64 of 24 to 64 random bytes',
  })
  secret: string;
}
