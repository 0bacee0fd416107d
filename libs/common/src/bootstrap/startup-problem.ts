import type { Environment } from '../config/environment';

const DATABASE_CODES: Record<string, string> = {
  ECONNREFUSED: 'refused the connection (is PostgreSQL running there?)',
  ENOTFOUND: 'has a host name that does not resolve',
  EAI_AGAIN: 'has a host name that does not resolve',
  ETIMEDOUT: 'did not answer in time',
  EHOSTUNREACH: 'is unreachable',
  '28P01': 'refused the password',
  '28000': 'refused the user (no pg_hba.conf entry or no such role)',
  '3D000': 'has no such database',
};

/** postgres://user:password@host:port/db → host:port/db: where, never the credentials. */
function whereIs(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/** nats://host:port,… → host:port, …: where NATS was looked for. */
function natsServers(env: Environment): string[] {
  return env.NATS_URL.split(',').map((url) => {
    try {
      const parsed = new URL(url);
      return `${parsed.hostname}:${parsed.port || 4222}`;
    } catch {
      return url;
    }
  });
}

/** The variables set to this port (or defaulting to it), to say which one to change. */
function variablesFor(port: number, env: Environment, raw: Record<string, string | undefined>): string[] {
  const names = new Set<string>();
  for (const [name, value] of Object.entries(raw)) if (name.endsWith('PORT') && value === String(port)) names.add(name);
  for (const [name, value] of Object.entries(env as unknown as Record<string, unknown>))
    if (name.endsWith('PORT') && value === port) names.add(name);
  return [...names];
}

/**
 * One line that says what to fix when a process cannot start: the database (naming DATABASE_URL,
 * never its password), NATS (naming NATS_URL), a port in use (naming its variable), or the error's
 * own first line.
 */
export function startupProblem(
  error: unknown,
  env: Environment,
  raw: Record<string, string | undefined> = process.env,
): string {
  const { code, port, message, name, hostname } = (error ?? {}) as {
    code?: unknown;
    port?: unknown;
    message?: unknown;
    name?: unknown;
    hostname?: unknown;
  };
  const firstLine = String(message ?? error).split('\n')[0];
  // At start-up a process connects to its database and, with TRANSPORT=nats, to NATS: the NATS client
  // reports a refusal as a ConnectionError, and a host name that does not resolve names that host.
  if (env.TRANSPORT === 'nats') {
    const servers = natsServers(env);
    const onNatsHost = typeof hostname === 'string' && servers.some((server) => server.startsWith(`${hostname}:`));
    if (name === 'ConnectionError' || onNatsHost) {
      const says =
        name === 'ConnectionError' ? 'refused the connection (is NATS running there?)' : DATABASE_CODES[String(code)];
      return `the NATS server at ${servers.join(', ')} ${says ?? 'could not be reached'}: check NATS_URL (${firstLine})`;
    }
  }
  if (typeof code === 'string' && code in DATABASE_CODES && env.DATABASE_URL)
    return `the database at ${whereIs(env.DATABASE_URL)} ${DATABASE_CODES[code]}: check DATABASE_URL (${firstLine})`;
  if (code === 'EADDRINUSE' && typeof port === 'number') {
    const names = variablesFor(port, env, raw);
    return `port ${port} is already in use: stop what uses it or set ${names.length ? names.join(' / ') : 'another port'} (${firstLine})`;
  }
  if (code === 'EACCES' && typeof port === 'number')
    return `port ${port} needs privileges this process does not have: set ${variablesFor(port, env, raw).join(' / ') || 'another port'} above 1023`;
  return firstLine;
}
