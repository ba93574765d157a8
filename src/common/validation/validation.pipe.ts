import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { BadUserInputError, FieldError } from '../errors/index.js';

const PRIMITIVES = new Set<unknown>([String, Boolean, Number, Array, Object]);

/**
 * Validates every resolver argument whose type is a class with class-validator rules. Failures become
 * BAD_USER_INPUT with `fieldErrors` whose paths start at the argument, e.g. "input.links.0.url".
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    // Input arrives as arguments (type 'body' for @Args). 'custom' is @Parent() and decorators such as
    // @CurrentViewer(): the server's own objects; validating them ran class-transformer on every row of a list.
    if (
      !metatype ||
      metadata.type === 'custom' ||
      PRIMITIVES.has(metatype) ||
      value === null ||
      value === undefined ||
      typeof value !== 'object'
    ) {
      return value;
    }
    const instance = plainToInstance(metatype, value);
    const errors = await validate(instance as object, { forbidUnknownValues: false });
    if (errors.length > 0) {
      throw new BadUserInputError(flatten(errors, metadata.data ?? ''));
    }
    return instance;
  }
}

function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) out.push({ field: path, message });
    if (error.children?.length) out.push(...flatten(error.children, path));
  }
  return out;
}
