import type { Environment } from './environment';

/** A feature's settings: a class-validator schema whose fields are environment variables. */
export interface FeatureConfigSchema<T extends object = object> {
  new (): T;
  /** Problems that depend on the platform settings (e.g. required in production); one line each. */
  check?(config: T, env: Environment): string[];
}

const features = new Set<FeatureConfigSchema>();

/**
 * Declares a feature's settings. The module that reads them owns the class (a login provider's
 * settings live in its folder); they are validated with the platform's at start-up, all problems
 * at once, but only in the processes that load that module, so each process validates what it reads.
 */
export function FeatureConfig(): ClassDecorator {
  return (target) => void features.add(target as unknown as FeatureConfigSchema);
}

/** The feature settings declared by the modules loaded so far. */
export const declaredFeatureConfigs = (): FeatureConfigSchema[] => [...features];
