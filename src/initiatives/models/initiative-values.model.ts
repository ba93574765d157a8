import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A web page about the initiative' })
export class Link {
  @Field()
  title: string;

  @Field({ description: 'An http or https URL' })
  url: string;
}

@ObjectType({ description: 'Someone to ask about the initiative' })
export class ContactPerson {
  @Field()
  name: string;

  @Field(() => String, { nullable: true, description: 'Visible to signed-in users only; null for anonymous callers' })
  email: string | null;

  @Field(() => String, { nullable: true })
  role: string | null;
}
