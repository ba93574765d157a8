import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { IsCleanText, IsNotBlank } from './text.js';

/**
 * Update inputs leave out what stays as it is. A field that the record cannot be without (a title, a name)
 * may be left out, but not given as null: that would be a request to empty a required field.
 */
export function IsNotNull(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotNull',
      validator: {
        validate: (value: unknown) => value !== null,
        defaultMessage: () => 'must not be null; leave the field out to keep it',
      },
    },
    options,
  );
}

/** Validates the field only when it was given (null included), and then refuses null. */
export function NotNullWhenGiven(): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_object: unknown, value: unknown) => value !== undefined),
    IsNotNull(),
  );
}

function MaxLengthUnlessNull(max: number): PropertyDecorator {
  return ValidateBy({
    name: 'maxLengthUnlessNull',
    validator: {
      validate: (value: unknown) =>
        value === null || value === undefined || (typeof value === 'string' && value.length <= max),
      defaultMessage: () => `must be at most ${max} characters`,
    },
  });
}

/**
 * A required text field in an update input: optional in the schema, but when given it must be a
 * non-blank string of at most `max` characters (null is refused).
 */
export function RequiredTextUpdateField({
  max,
  description,
}: {
  max: number;
  description?: string;
}): PropertyDecorator {
  const limit = `At most ${max} characters; left out, it stays as it is.`;
  return applyDecorators(
    Field(() => String, { nullable: true, description: description ? `${description}. ${limit}` : limit }),
    NotNullWhenGiven(),
    IsNotBlank(),
    MaxLengthUnlessNull(max),
    IsCleanText(),
  );
}
