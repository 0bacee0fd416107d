import { applyDecorators } from '@nestjs/common';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

// PostgreSQL text cannot hold NUL, and control characters in a name or reason only ever mislead.
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;

/** Free text a person typed (a product name, a ban reason): a non-empty string without control characters. */
export function PlainText(maxLength: number): PropertyDecorator {
  return applyDecorators(
    IsString(),
    IsNotEmpty(),
    MaxLength(maxLength),
    Matches(NO_CONTROL_CHARACTERS, { message: ({ property }) => `${property} must not contain control characters` }),
  );
}
