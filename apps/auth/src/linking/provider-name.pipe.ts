import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** A provider's name as logins store it (`facebook`, `google`). */
@Injectable()
export class ProviderNamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(value)) throw new BadRequestException('provider must be a provider name');
    return value;
  }
}
