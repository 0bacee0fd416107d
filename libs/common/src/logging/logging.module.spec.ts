import { describe, expect, it } from '@jest/globals';
import type { Environment } from '../config/environment';
import { loadEnvironment } from '../config/load-environment';
import { prettyLogs } from './logging.module';

describe('prettyLogs', () => {
  it('is pretty for a person at a terminal in development, JSON for pipes, files and production', () => {
    expect(prettyLogs(loadEnvironment({}), true)).toBe(true);
    expect(prettyLogs(loadEnvironment({}), false)).toBe(false);
    expect(prettyLogs(loadEnvironment({ NODE_ENV: 'test' }), true)).toBe(false);
    expect(prettyLogs({ NODE_ENV: 'production' } as Environment, true)).toBe(false);
  });

  it('follows LOG_FORMAT when set, and refuses anything else', () => {
    expect(prettyLogs(loadEnvironment({ LOG_FORMAT: 'json' }), true)).toBe(false);
    expect(prettyLogs(loadEnvironment({ NODE_ENV: 'test', LOG_FORMAT: 'pretty' }), false)).toBe(true);
    expect(() => loadEnvironment({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be json or pretty/);
  });
});
