import { Module } from '@nestjs/common';

/** The public origin: routes `/api/*` to the services. */
@Module({})
export class GatewayModule {}
