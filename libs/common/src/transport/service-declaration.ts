import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import type { Environment } from '../config/environment';
import { environmentParsers } from '../config/environment';
import { FeatureConfig, type FeatureConfigSchema } from '../config/feature-config';

/** Where a service's TCP transport is reached. */
export interface ServiceAddress {
  host: string;
  port: number;
}

/** Where a service's own process listens in split mode. */
export interface ServiceListener {
  httpHost: string;
  httpPort: number;
  tcpPort: number;
}

export interface ServiceDeclaration {
  name: string;
  /** Its TCP address, as an app that calls it configures it (`<NAME>_TCP_HOST`, `<NAME>_TCP_PORT`). */
  address(env: Environment): ServiceAddress;
  /** Its own listeners (`<NAME>_HTTP_HOST`, `<NAME>_HTTP_PORT`, `<NAME>_TCP_PORT`). */
  listener(env: Environment): ServiceListener;
}

type Settings = Record<string, string | number>;

/**
 * Declares a service of the platform and the settings that place it: `<NAME>_TCP_HOST` (default
 * 127.0.0.1), `<NAME>_TCP_PORT`, `<NAME>_HTTP_HOST` (default 127.0.0.1) and `<NAME>_HTTP_PORT`,
 * validated at start-up like any feature's. Adding a service is a declaration beside its contract
 * (libs/contracts), not an edit of this library.
 */
export function declareService(name: string, defaults: { tcpPort: number; httpPort: number }): ServiceDeclaration {
  const prefix = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const key = (suffix: string) => `${prefix}_${suffix}`;
  const portRule = (suffix: string) => ({ message: `${key(suffix)} must be an integer TCP port from 1 to 65535` });
  const hostRule = (suffix: string) => ({ message: `${key(suffix)} must be a host name or address` });
  class ServiceSettings {
    constructor() {
      Object.assign(this, {
        [key('TCP_HOST')]: '127.0.0.1',
        [key('TCP_PORT')]: defaults.tcpPort,
        [key('HTTP_HOST')]: '127.0.0.1',
        [key('HTTP_PORT')]: defaults.httpPort,
      });
    }
  }
  Object.defineProperty(ServiceSettings, 'name', { value: `${prefix}ServiceSettings` });
  for (const suffix of ['TCP_PORT', 'HTTP_PORT']) {
    Transform(environmentParsers.toInt)(ServiceSettings.prototype, key(suffix));
    IsInt(portRule(suffix))(ServiceSettings.prototype, key(suffix));
    Min(1, portRule(suffix))(ServiceSettings.prototype, key(suffix));
    Max(65535, portRule(suffix))(ServiceSettings.prototype, key(suffix));
  }
  for (const suffix of ['TCP_HOST', 'HTTP_HOST']) {
    IsString(hostRule(suffix))(ServiceSettings.prototype, key(suffix));
    MinLength(1, hostRule(suffix))(ServiceSettings.prototype, key(suffix));
  }
  FeatureConfig()(ServiceSettings);
  const settings = (env: Environment) => env.feature(ServiceSettings as unknown as FeatureConfigSchema<Settings>);
  return {
    name,
    address: (env) => ({ host: String(settings(env)[key('TCP_HOST')]), port: Number(settings(env)[key('TCP_PORT')]) }),
    listener: (env) => ({
      httpHost: String(settings(env)[key('HTTP_HOST')]),
      httpPort: Number(settings(env)[key('HTTP_PORT')]),
      tcpPort: Number(settings(env)[key('TCP_PORT')]),
    }),
  };
}
