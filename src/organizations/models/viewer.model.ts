import { Field, ObjectType } from '@nestjs/graphql';
import { Role } from '../../auth/index.js';

/** The signed-in caller as the API shows it; `organization` is resolved from the token's org number. */
@ObjectType('Viewer', { description: 'The signed-in caller, from the bearer token' })
export class ViewerModel {
  @Field({ description: 'The token subject' })
  subject: string;

  @Field(() => String, { nullable: true })
  name: string | null;

  @Field(() => String, { nullable: true })
  email: string | null;

  @Field(() => [Role])
  roles: Role[];

  /** From the token's org claim; read by the `organization` field. */
  orgNumber: string | null;
}
