import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DATABASE_OPTIONS, DatabaseConnection, type DatabaseOptions } from './database-connection';
import { migrateServiceSchemas } from './migrate-service-schemas';
import type { ServiceDatabase } from './service-database';

/**
 * One TypeORM data source for the process, holding the entities of every service it hosts.
 * Migrations run before the pool opens (see {@link migrateServiceSchemas}); `synchronize` is off.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions & { services: ServiceDatabase[] }): DynamicModule {
    const connectionModule: DynamicModule = {
      module: class DatabaseConnectionModule {},
      providers: [{ provide: DATABASE_OPTIONS, useValue: { appName: options.appName } }, DatabaseConnection],
      exports: [DatabaseConnection],
    };
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        connectionModule,
        TypeOrmModule.forRootAsync({
          imports: [connectionModule],
          inject: [DatabaseConnection],
          useFactory: async (connection: DatabaseConnection) => {
            const url = await connection.url();
            const extra = {
              max: connection.poolSize,
              connectionTimeoutMillis: 5000,
              idleTimeoutMillis: 30000,
            };
            await migrateServiceSchemas({ url, extra }, options.services);
            return {
              type: 'postgres' as const,
              url,
              extra,
              entities: options.services.flatMap((service) => service.entities as unknown[]) as never,
              synchronize: false,
              migrationsRun: false,
              logging: false,
              retryAttempts: 3,
              retryDelay: 1000,
            };
          },
        }),
      ],
      exports: [connectionModule],
    };
  }
}
