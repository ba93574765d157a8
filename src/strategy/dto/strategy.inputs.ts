import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { TEXT, TextField } from '../../common/validation/index.js';

/** Slugs end up in portal URLs: lower-case letters, digits and single hyphens between them. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Years of plans, values and assessments: wide enough for any record of the digital public sector, narrow enough to
 * catch typos.
 */
export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2100;

export function SlugField(): PropertyDecorator {
  return applyDecorators(
    Field({
      description:
        `URL-safe key: lower-case letters and digits, words joined by single hyphens. At most ${TEXT.SLUG} ` +
        `characters.`,
    }),
    MaxLength(TEXT.SLUG, { message: `must be at most ${TEXT.SLUG} characters` }),
    Matches(SLUG_PATTERN, {
      message:
        'must be lower-case letters and digits, words joined by single hyphens, e.g. en-digital-offentlig-sektor',
    }),
  );
}

export function YearField(description?: string): PropertyDecorator {
  const message = `must be from ${FIRST_YEAR} to ${LAST_YEAR}`;
  return applyDecorators(
    Field(() => Int, { description: `${description ? `${description}. ` : ''}From ${FIRST_YEAR} to ${LAST_YEAR}.` }),
    IsInt(),
    Min(FIRST_YEAR, { message }),
    Max(LAST_YEAR, { message }),
  );
}

function NotBeforePeriodStart(): PropertyDecorator {
  return ValidateBy({
    name: 'notBeforePeriodStart',
    validator: {
      validate: (value: unknown, args) => {
        const start = (args?.object as CreateStrategyInput | undefined)?.periodStart;
        return typeof value !== 'number' || typeof start !== 'number' || value >= start;
      },
      defaultMessage: () => 'must not be before periodStart',
    },
  });
}

@InputType()
export class CreateStrategyInput {
  @SlugField()
  slug: string;

  @TextField({ max: TEXT.TITLE })
  title: string;

  @YearField('First year of the plan')
  periodStart: number;

  @YearField('Last year of the plan; not before periodStart')
  @NotBeforePeriodStart()
  periodEnd: number;

  @TextField({ max: TEXT.LONG, nullable: true })
  description?: string | null;
}

@InputType()
export class CreateFocusAreaInput {
  @Field(() => ID)
  strategyId: string;

  @SlugField()
  slug: string;

  @TextField({ max: TEXT.TITLE })
  title: string;

  @TextField({ max: TEXT.LONG, nullable: true })
  description?: string | null;
}

@InputType()
export class CreateLifeEventInput {
  @Field(() => ID)
  strategyId: string;

  @SlugField()
  slug: string;

  @TextField({ max: TEXT.TITLE })
  title: string;

  @Field(() => ID, { nullable: true, description: 'The ministry responsible for the life event' })
  @IsOptional()
  responsibleMinistryId?: string | null;
}
