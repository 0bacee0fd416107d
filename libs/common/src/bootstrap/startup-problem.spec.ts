import { describe, expect, it } from '@jest/globals';
import { loadEnvironment } from '../config/load-environment';
import { startupProblem } from './startup-problem';

const raw = { DATABASE_URL: 'postgres://app:s3cret@db.internal:5433/app', AUTH_HTTP_PORT: '3001' };
const env = loadEnvironment(raw);
const failure = (code: string, message: string, extra: object = {}) =>
  Object.assign(new Error(message), { code, ...extra });

describe('startupProblem', () => {
  it('names DATABASE_URL and where it points, never the password', () => {
    for (const [code, says] of [
      ['ECONNREFUSED', 'refused the connection'],
      ['ENOTFOUND', 'has a host name that does not resolve'],
      ['28P01', 'refused the password'],
      ['3D000', 'has no such database'],
    ]) {
      const line = startupProblem(failure(code, `boom ${code}`), env, raw);
      expect(line).toContain(`the database at db.internal:5433/app ${says}`);
      expect(line).toContain('check DATABASE_URL');
      expect(line).not.toContain('s3cret');
    }
  });

  it('names the variable of a port in use', () => {
    expect(startupProblem(failure('EADDRINUSE', 'listen EADDRINUSE', { port: 3001 }), env, raw)).toMatch(
      /^port 3001 is already in use: stop what uses it or set AUTH_HTTP_PORT/,
    );
  });

  it('keeps to the first line of anything else', () => {
    expect(startupProblem(new Error('first\nsecond'), env)).toBe('first');
  });
});
