import type { LoggerService } from '@nestjs/common';

/**
 * Nest's own start-up chatter (a line per module initialised and per route mapped) at debug, so
 * at info a process says where it listens and what is wrong, not 77 lines of wiring.
 */
export const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'NestMicroservice',
  'TypeOrmModule',
]);

/** Forwards to the process's logger, moving {@link FRAMEWORK_CONTEXTS}' informational lines to debug. */
export class FrameworkQuietLogger implements LoggerService {
  constructor(private readonly target: LoggerService & { debug(message: unknown, ...rest: unknown[]): void }) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context)) this.target.debug(message, ...rest);
    else this.target.log(message, ...rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    // A failed listen is rethrown to startApplication, which reports it as one line of what to fix.
    if (rest.at(-1) === 'NestApplication') this.target.debug(message, ...rest);
    else this.target.error(message, ...rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.target.warn(message, ...rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.target.debug(message, ...rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.target.verbose?.(message, ...rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.target.fatal?.(message, ...rest);
  }
}
