import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsOptional,
  IsUrl,
  Matches,
  ValidateNested,
} from 'class-validator';
import { DateScalar } from '../../common/scalars/index.js';
import { TEXT, TextField } from '../../common/validation/index.js';
import { NotNullWhenGiven, RequiredTextUpdateField } from '../../common/validation/update-fields.js';
import { InitiativeLifecycle } from '../entities/enums.js';

/**
 * List limits: a plan item with more than 20 goals or life events, or 50 partners, contacts or links, is a
 * data-entry mistake, and the limits keep one initiative's page (and the cost of a listing) bounded.
 */
export const LIMITS = { GOALS: 20, LIFE_EVENTS: 20, PARTNERS: 50, CONTACTS: 50, LINKS: 50 } as const;

/** Short codes such as 2.4 or 1.10a: letters, digits, dots and hyphens, starting with a letter or digit. */
export const CODE_PATTERN = /^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$/;
const CODE_RULE = 'Letters A-Z, digits, dots and hyphens, starting with a letter or digit, e.g. 2.4';

const REFERENCES =
  'An id that does not exist (or is not an id) is NOT_FOUND; an id of another strategy is BAD_USER_INPUT; a repeated id is BAD_USER_INPUT';

@InputType()
export class LinkInput {
  @TextField({ max: TEXT.TITLE })
  title: string;

  // Links are shown on public pages: only web addresses, never javascript:, data: or file: URLs.
  @TextField({ max: TEXT.URL, description: 'http or https only' })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_valid_protocol: true },
    { message: 'must be an http or https URL' },
  )
  url: string;
}

@InputType()
export class ContactPersonInput {
  @TextField({ max: TEXT.NAME })
  name: string;

  @TextField({ max: TEXT.EMAIL, nullable: true, description: 'An e-mail address; shown to signed-in callers only' })
  @IsEmail({}, { message: 'must be an e-mail address' })
  email?: string | null;

  @TextField({ max: TEXT.NAME, nullable: true, description: 'E.g. Prosjektleder' })
  role?: string | null;
}

@InputType()
export class CreateInitiativeInput {
  @Field(() => ID, { description: 'The strategy the initiative belongs to; unknown: NOT_FOUND' })
  strategyId: string;

  @TextField({ max: TEXT.CODE, description: `Unique within the strategy (taken: CONFLICT). ${CODE_RULE}` })
  @Matches(CODE_PATTERN, { message: `must be ${CODE_RULE.toLowerCase()}` })
  code: string;

  @TextField({ max: TEXT.TITLE })
  title: string;

  @TextField({ max: TEXT.SUMMARY })
  summary: string;

  @TextField({ max: TEXT.LONG, nullable: true })
  description?: string | null;

  @Field(() => [ID], { description: `Goals of the same strategy: at least 1, at most ${LIMITS.GOALS}. ${REFERENCES}` })
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one goal' })
  @ArrayMaxSize(LIMITS.GOALS, { message: `must name at most ${LIMITS.GOALS} goals` })
  @ArrayUnique((id: string) => id.toLowerCase(), { message: 'must not name a goal twice' })
  goalIds: string[];

  @Field(() => ID, { nullable: true, description: `A focus area of the same strategy. ${REFERENCES}` })
  @IsOptional()
  focusAreaId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: `Life events of the same strategy, in the order given; at most ${LIMITS.LIFE_EVENTS}. ${REFERENCES}`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.LIFE_EVENTS, { message: `must name at most ${LIMITS.LIFE_EVENTS} life events` })
  @ArrayUnique((id: string) => id.toLowerCase(), { message: 'must not name a life event twice' })
  lifeEventIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'An organisation; unknown: NOT_FOUND' })
  @IsOptional()
  responsibleMinistryId?: string | null;

  @Field(() => ID, { description: 'The owner organisation; unknown: NOT_FOUND' })
  executingAgencyId: string;

  @Field(() => [ID], {
    nullable: true,
    description:
      `Partner organisations, in the order given; at most ${LIMITS.PARTNERS}. Unknown: NOT_FOUND; repeated: ` +
      `BAD_USER_INPUT`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.PARTNERS, { message: `must name at most ${LIMITS.PARTNERS} partners` })
  @ArrayUnique((id: string) => id.toLowerCase(), { message: 'must not name a partner twice' })
  partnerIds?: string[] | null;

  @Field(() => [ContactPersonInput], { nullable: true, description: `At most ${LIMITS.CONTACTS}` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.CONTACTS, { message: `must hold at most ${LIMITS.CONTACTS} contacts` })
  @ValidateNested()
  @Type(() => ContactPersonInput)
  contacts?: ContactPersonInput[] | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Not before startDate' })
  @IsOptional()
  plannedEndDate?: string | null;

  @Field(() => InitiativeLifecycle, { nullable: true, defaultValue: InitiativeLifecycle.PLANNED })
  @NotNullWhenGiven()
  lifecycle?: InitiativeLifecycle;

  @Field(() => [LinkInput], { nullable: true, description: `At most ${LIMITS.LINKS}` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.LINKS, { message: `must hold at most ${LIMITS.LINKS} links` })
  @ValidateNested()
  @Type(() => LinkInput)
  links?: LinkInput[] | null;
}

/**
 * The same rules as CreateInitiativeInput. Required fields (code, title, summary, goalIds, executingAgencyId,
 * lifecycle) may be left out but not given as null; optional ones given as null are cleared, and a list given
 * as null is emptied.
 */
@InputType({ description: 'Fields left out stay as they are; a list given replaces the old list' })
export class UpdateInitiativeInput {
  @RequiredTextUpdateField({
    max: TEXT.CODE,
    description: `Unique within the strategy (taken: CONFLICT). ${CODE_RULE}`,
  })
  @Matches(CODE_PATTERN, { message: `must be ${CODE_RULE.toLowerCase()}` })
  code?: string;

  @RequiredTextUpdateField({ max: TEXT.TITLE })
  title?: string;

  @RequiredTextUpdateField({ max: TEXT.SUMMARY })
  summary?: string;

  @TextField({ max: TEXT.LONG, nullable: true, description: 'Null clears it' })
  description?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: `Replaces the goals: at least 1, at most ${LIMITS.GOALS}, of the initiative's strategy. ${REFERENCES}`,
  })
  @NotNullWhenGiven()
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one goal' })
  @ArrayMaxSize(LIMITS.GOALS, { message: `must name at most ${LIMITS.GOALS} goals` })
  @ArrayUnique((id: string) => id.toLowerCase(), { message: 'must not name a goal twice' })
  goalIds?: string[];

  @Field(() => ID, { nullable: true, description: `Null clears it. ${REFERENCES}` })
  @IsOptional()
  focusAreaId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: `Replaces the life events; at most ${LIMITS.LIFE_EVENTS}. ${REFERENCES}`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.LIFE_EVENTS, { message: `must name at most ${LIMITS.LIFE_EVENTS} life events` })
  @ArrayUnique((id: string) => id.toLowerCase(), { message: 'must not name a life event twice' })
  lifeEventIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'Null clears it; unknown: NOT_FOUND' })
  @IsOptional()
  responsibleMinistryId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Unknown: NOT_FOUND' })
  @NotNullWhenGiven()
  executingAgencyId?: string;

  @Field(() => [ID], {
    nullable: true,
    description: `Replaces the partners; at most ${LIMITS.PARTNERS}. Unknown: NOT_FOUND; repeated: BAD_USER_INPUT`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.PARTNERS, { message: `must name at most ${LIMITS.PARTNERS} partners` })
  @ArrayUnique((id: string) => id.toLowerCase(), { message: 'must not name a partner twice' })
  partnerIds?: string[] | null;

  @Field(() => [ContactPersonInput], {
    nullable: true,
    description: `Replaces the contacts; at most ${LIMITS.CONTACTS}`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.CONTACTS, { message: `must hold at most ${LIMITS.CONTACTS} contacts` })
  @ValidateNested()
  @Type(() => ContactPersonInput)
  contacts?: ContactPersonInput[] | null;

  @Field(() => DateScalar, { nullable: true, description: 'Null clears it' })
  @IsOptional()
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Not before startDate; null clears it' })
  @IsOptional()
  plannedEndDate?: string | null;

  @Field(() => InitiativeLifecycle, { nullable: true })
  @NotNullWhenGiven()
  lifecycle?: InitiativeLifecycle;

  @Field(() => [LinkInput], { nullable: true, description: `Replaces the links; at most ${LIMITS.LINKS}` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.LINKS, { message: `must hold at most ${LIMITS.LINKS} links` })
  @ValidateNested()
  @Type(() => LinkInput)
  links?: LinkInput[] | null;
}
