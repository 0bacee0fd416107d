import { describe, expect, it } from '@jest/globals';
import { Matches } from 'class-validator';
import type { Environment } from './environment';
import { FeatureConfig } from './feature-config';
import { loadEnvironment } from './load-environment';

// Its own file: a declared feature stays declared for the rest of the process (here, this file).
describe('FeatureConfig', () => {
  it('validates a declared feature’s settings with the platform’s, every problem at once, and hands them out', () => {
    @FeatureConfig()
    class WidgetConfig {
      @Matches(/^\d+$/, { message: 'WIDGET_COUNT must be a number' })
      WIDGET_COUNT = '3';

      static check(config: WidgetConfig, env: Environment): string[] {
        return env.NODE_ENV === 'production' && config.WIDGET_COUNT === '3'
          ? ['WIDGET_COUNT must be chosen in production']
          : [];
      }
    }
    expect(loadEnvironment({ WIDGET_COUNT: '7' }).feature(WidgetConfig).WIDGET_COUNT).toBe('7');
    expect(loadEnvironment({}).feature(WidgetConfig).WIDGET_COUNT).toBe('3');
    expect(() => loadEnvironment({ WIDGET_COUNT: 'many', PORT: 'abc' })).toThrow(
      /PORT must be an integer[^]*WIDGET_COUNT must be a number/,
    );
    expect(() => loadEnvironment({ NODE_ENV: 'production' }, 'inventory')).toThrow(
      /WIDGET_COUNT must be chosen in production/,
    );
    class Undeclared {}
    expect(() => loadEnvironment({}).feature(Undeclared)).toThrow(/Undeclared was not validated/);
  });
});
