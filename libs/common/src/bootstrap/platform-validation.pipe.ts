import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';

/** Deeper than any DTO of ours; deep enough input would overflow class-transformer's recursion. */
export const MAX_INPUT_DEPTH = 32;

function depthExceeds(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * class-validator for every HTTP body, query, param and RPC payload: unknown fields refused,
 * readable messages, and input nested too deeply refused with 400 instead of overflowing the stack.
 */
export class PlatformValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false });
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (depthExceeds(value, MAX_INPUT_DEPTH))
      throw new BadRequestException(`input is nested deeper than ${MAX_INPUT_DEPTH} levels`);
    return super.transform(value, metadata);
  }
}
