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

  it('names NATS_URL when NATS cannot be reached, and not DATABASE_URL', () => {
    const overNats = loadEnvironment({ ...raw, TRANSPORT: 'nats', NATS_URL: 'nats://bus.internal:4333' });
    const refused = Object.assign(new Error('connection refused'), { name: 'ConnectionError' });
    expect(startupProblem(refused, overNats, raw)).toBe(
      'the NATS server at bus.internal:4333 refused the connection (is NATS running there?): check NATS_URL (connection refused)',
    );
    const unresolved = failure('ENOTFOUND', 'getaddrinfo ENOTFOUND bus.internal', { hostname: 'bus.internal' });
    expect(startupProblem(unresolved, overNats, raw)).toMatch(
      /^the NATS server at bus.internal:4333 has a host name that does not resolve: check NATS_URL/,
    );
    // The database's host is still the database's.
    const database = failure('ENOTFOUND', 'getaddrinfo ENOTFOUND db.internal', { hostname: 'db.internal' });
    expect(startupProblem(database, overNats, raw)).toContain('check DATABASE_URL');
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
