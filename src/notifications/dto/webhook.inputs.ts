import { Field, InputType } from '@nestjs/graphql';
import { ArrayMinSize, IsArray, IsEnum } from 'class-validator';
import { TEXT, TextField } from '../../common/validation/index.js';
import { WebhookEvent } from '../entities/enums.js';

@InputType()
export class CreateWebhookInput {
  @TextField({
    max: TEXT.URL,
    description:
      'https to a public address (checked now and at every delivery); http and private addresses only with WEBHOOKS_ALLOW_PRIVATE',
  })
  url: string;

  // A set: an event named twice is subscribed once.
  @Field(() => [WebhookEvent], { description: 'At least one' })
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one event' })
  @IsEnum(WebhookEvent, { each: true })
  events: WebhookEvent[];
}
