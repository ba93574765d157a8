import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { IsOptional, MaxLength, ValidateBy, ValidationOptions } from 'class-validator';

/** Control characters other than tab, line feed and carriage return have no place in plan text. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function IsCleanText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCleanText',
      validator: {
        validate: (value: unknown) =>
          value === null || value === undefined || (typeof value === 'string' && !CONTROL_CHARACTERS.test(value)),
        defaultMessage: () => 'must not contain control characters',
      },
    },
    options,
  );
}

export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) =>
          value === null || value === undefined || (typeof value === 'string' && value.trim().length > 0),
        defaultMessage: () => 'must not be empty or only white space',
      },
    },
    options,
  );
}

/**
 * Text limits, stated once and shown in the schema. Titles are what a page heading holds; update texts are
 * long enough for a detailed report but not for a document.
 */
export const TEXT = {
  NAME: 300,
  SHORT: 50,
  TITLE: 300,
  CODE: 20,
  SLUG: 100,
  SUMMARY: 10000,
  LONG: 10000,
  URL: 2000,
  EMAIL: 254,
  COMMENT: 10000,
} as const;

interface TextFieldOptions {
  max: number;
  description?: string;
  /** The field may be left out or null */
  nullable?: boolean;
}

/**
 * A text input field: GraphQL String with its limit in the description, at most `max` characters, no
 * control characters, and, when given, not blank.
 */
export function TextField({ max, description, nullable = false }: TextFieldOptions): PropertyDecorator {
  const limit = `At most ${max} characters.`;
  return applyDecorators(
    Field(() => String, { nullable, description: description ? `${description}. ${limit}` : limit }),
    ...(nullable ? [IsOptional()] : []),
    IsNotBlank(),
    MaxLength(max, { message: `must be at most ${max} characters` }),
    IsCleanText(),
  );
}
