import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'auth:public';

/** Marks a route or message handler as reachable without a token (the global guard denies by default). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
