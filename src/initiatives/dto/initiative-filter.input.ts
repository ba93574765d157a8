import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { DeliveryStatus, InitiativeLifecycle } from '../entities/enums.js';

export enum InitiativeOrder {
  CODE = 'CODE',
  TITLE = 'TITLE',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(InitiativeOrder, {
  name: 'InitiativeOrder',
  valuesMap: {
    CODE: { description: 'By code, naturally: 1.2 before 1.10, 2.1 after 1.10' },
    TITLE: { description: 'By title in Norwegian alphabetical order: æ, ø, å after z' },
    UPDATED_AT: { description: 'Most recently changed first' },
  },
});

/** A search string longer than this is no search a person types; it is refused rather than run. */
export const MAX_SEARCH_LENGTH = 500;

@InputType({
  description:
    'Every filter given must match. An id that does not exist (or is not an id) and an unknown strategy slug match ' +
    'nothing; an empty list filters nothing out.',
})
export class InitiativeFilter {
  @Field(() => String, { nullable: true, description: 'Strategy slug' })
  @IsOptional()
  strategy?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  goalId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  focusAreaId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  lifeEventId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Matches the executing agency' })
  @IsOptional()
  organizationId?: string | null;

  @Field(() => [InitiativeLifecycle], { nullable: true })
  @IsOptional()
  lifecycle?: InitiativeLifecycle[] | null;

  @Field(() => [DeliveryStatus], { nullable: true, description: 'Matches currentStatus' })
  @IsOptional()
  status?: DeliveryStatus[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      `Full-text search with Norwegian stemming over code, title, summary and description. Web-search syntax: words ` +
      `(all must match), "a phrase", or, -word. Blank searches nothing out; at most ${MAX_SEARCH_LENGTH} characters`,
  })
  @IsOptional()
  @MaxLength(MAX_SEARCH_LENGTH, { message: `must be at most ${MAX_SEARCH_LENGTH} characters` })
  search?: string | null;
}
