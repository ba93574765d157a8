import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEmail, IsOptional, ValidateBy } from 'class-validator';
import { isValidOrgNumber } from '../../common/org-number.js';
import { TEXT, TextField } from '../../common/validation/index.js';
import { NotNullWhenGiven, RequiredTextUpdateField } from '../../common/validation/update-fields.js';
import { OrganizationKind } from '../entities/organization.entity.js';

/**
 * Organisation numbers are issued by Brønnøysundregistrene with a MOD11 check digit; a typo almost always breaks
 * it.
 */
function IsOrgNumber(): PropertyDecorator {
  return ValidateBy({
    name: 'isOrgNumber',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isValidOrgNumber(value),
      defaultMessage: () => 'must be 9 digits with a valid MOD11 check digit',
    },
  });
}

const REPORTING_EMAIL =
  "Where reminders go when none of an initiative's contacts has an e-mail address; shown to signed-in callers only";

@InputType()
export class CreateOrganizationInput {
  @Field({ description: 'Norwegian organisation number: 9 digits with a valid MOD11 check digit' })
  @IsOrgNumber()
  orgNumber: string;

  @TextField({ max: TEXT.NAME })
  name: string;

  @TextField({ max: TEXT.SHORT, nullable: true })
  shortName?: string | null;

  @Field(() => OrganizationKind)
  kind: OrganizationKind;

  @Field(() => ID, { nullable: true, description: 'The organisation it reports to' })
  @IsOptional()
  parentId?: string | null;

  @TextField({ max: TEXT.EMAIL, nullable: true, description: REPORTING_EMAIL })
  @IsEmail({}, { message: 'must be an e-mail address' })
  reportingEmail?: string | null;
}

/** Fields left out stay as they are; shortName and parentId given as null are cleared. */
@InputType()
export class UpdateOrganizationInput {
  @RequiredTextUpdateField({ max: TEXT.NAME })
  name?: string;

  @TextField({ max: TEXT.SHORT, nullable: true, description: 'Null clears it' })
  shortName?: string | null;

  @Field(() => OrganizationKind, { nullable: true })
  @NotNullWhenGiven()
  kind?: OrganizationKind;

  @Field(() => ID, { nullable: true, description: 'The organisation it reports to; null clears it' })
  @IsOptional()
  parentId?: string | null;

  @TextField({ max: TEXT.EMAIL, nullable: true, description: `${REPORTING_EMAIL}; null clears it` })
  @IsEmail({}, { message: 'must be an e-mail address' })
  reportingEmail?: string | null;
}
