import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { satisfies, valid } from 'semver';
import { parse } from 'yaml';
import { knownVariables, loadEnvironment } from '@app/common';
import { SERVICES } from '@app/contracts';
// The auth app's entry point declares its settings (JWT_KEYS_DIR among them), as loading it at start-up does.
import { AccessTokensConfig } from '../apps/auth/src';
import { ADMIN_CONSOLE_FILES } from '../apps/gateway/src';
import '../apps/orders/src';
import '../apps/inventory/src';

// Docker cannot run here: these checks read docker-compose.yml and the Dockerfile the way
// compose would, and hold them to .env.example and the app's own configuration rules.
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const exampleKeys = new Set(
  readFileSync('.env.example', 'utf8')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((key): key is string => Boolean(key)),
);

interface ComposeService {
  volumes?: string[];
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

const appServices = ['auth', 'orders', 'inventory', 'gateway'] as const;
/** The port an app's health check probes: the gateway's public PORT, a service's own HTTP listener. */
const httpPortOf = (name: (typeof appServices)[number], env: ReturnType<typeof loadEnvironment>) =>
  name === 'gateway' ? env.PORT : SERVICES[name].listener(env).httpPort;

/** `${NAME:-default}` / `${NAME:?message}` as compose substitutes them, with sample secrets. */
function substitute(value: string): string {
  const samples: Record<string, string> = {
    FACEBOOK_APP_ID: '1234567890',
    FACEBOOK_APP_SECRET: 'an-app-secret-of-32-characters!!',
    GOOGLE_CLIENT_ID: '123456789012-sample.apps.googleusercontent.com',
    GOOGLE_CLIENT_SECRET: 'GOCSPX-a-sample-client-secret',
    AUTH_COOKIE_SECRET: 'a-cookie-secret-of-at-least-32-characters',
    GATEWAY_SECRET: 'a-gateway-secret-of-at-least-32-chars',
    ORDERS_CLIENT_SECRET: 'an-orders-secret-0123456789',
    SERVICE_CLIENTS: '[]',
  };
  return value.replace(
    /\$\{([A-Z_]+)(?::([-?])([^}]*))?\}/g,
    (_, name: string, kind: string, rest: string) => samples[name] ?? (kind === '-' ? rest : ''),
  );
}

const environmentOf = (name: string) =>
  Object.fromEntries(
    Object.entries(compose.services[name].environment ?? {}).map(([k, v]) => [k, substitute(String(v))]),
  );

describe('.env.example', () => {
  it('documents every variable the platform reads, each app’s own settings included', () => {
    // The apps' entry points, imported above, declare their settings as loading them at start-up does.
    expect(knownVariables().filter((name) => !exampleKeys.has(name))).toEqual([]);
    expect(knownVariables()).toEqual(
      expect.arrayContaining([
        'PORT',
        'FACEBOOK_APP_ID',
        'GOOGLE_CLIENT_ID',
        'REFRESH_REUSE_INTERVAL',
        'ORDERS_TCP_PORT',
      ]),
    );
  });
});

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, NATS and the four apps in split mode from the one Dockerfile', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'auth',
      'gateway',
      'inventory',
      'nats',
      'orders',
      'postgres',
    ]);
    for (const name of appServices) {
      expect(compose.services[name].build).toBe('.');
      expect(environmentOf(name).APP).toBe(name);
      expect(existsSync(`apps/${name}/src/main.ts`)).toBe(true);
    }
  });

  it.each(appServices)('%s sets only variables documented in .env.example', (name) => {
    const undocumented = Object.keys(environmentOf(name)).filter((key) => !exampleKeys.has(key));
    expect(undocumented).toEqual([]);
  });

  it.each(appServices)('%s has an environment the app accepts at start-up in production', (name) => {
    expect(environmentOf(name).NODE_ENV).toBe('production');
    expect(() => loadEnvironment(environmentOf(name), name)).not.toThrow();
  });

  it.each(appServices)('%s refuses to start when a required secret is left out', (name) => {
    const required =
      name === 'auth'
        ? 'GATEWAY_SECRET'
        : name === 'gateway'
          ? 'GATEWAY_SECRET'
          : name === 'orders'
            ? 'ORDERS_CLIENT_SECRET'
            : 'DATABASE_URL';
    expect(() => loadEnvironment({ ...environmentOf(name), [required]: '' }, name)).toThrow(
      new RegExp(`${required} is required`),
    );
  });

  it.each(appServices)('%s health check probes its own HTTP port', (name) => {
    const port = httpPortOf(name, loadEnvironment(environmentOf(name)));
    expect(compose.services[name].healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${port}/health`);
  });

  it('sends RPC over the compose NATS, so that no app needs another instance’s address (--scale works)', () => {
    expect(compose.services.nats.expose).toContain('4222');
    for (const name of appServices) {
      const env = loadEnvironment(environmentOf(name));
      expect(env.TRANSPORT).toBe('nats');
      expect(env.NATS_URL).toBe('nats://nats:4222');
      expect(env.AUTH_HTTP_URL).toBe(`http://auth:${SERVICES.auth.listener(env).httpPort}`);
      expect(compose.services[name].depends_on?.nats).toBeDefined();
      // A fixed container name or host port would stop a second instance from starting.
      expect((compose.services[name] as { container_name?: string }).container_name).toBeUndefined();
    }
    for (const name of ['auth', 'orders', 'inventory'] as const) {
      const { httpPort } = SERVICES[name].listener(loadEnvironment(environmentOf(name)));
      expect(compose.services[name].expose).toEqual([String(httpPort)]);
    }
  });

  it('publishes only the gateway, on its PORT', () => {
    const env = loadEnvironment(environmentOf('gateway'));
    expect(compose.services.gateway.ports).toEqual([`${env.PORT}:${env.PORT}`]);
    for (const name of ['auth', 'orders', 'inventory', 'postgres', 'nats'])
      expect(compose.services[name].ports).toBeUndefined();
  });

  it('connects every app to the compose PostgreSQL with its credentials, after it is healthy', () => {
    const postgres = compose.services.postgres.environment ?? {};
    expect(compose.services.postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    for (const name of appServices) {
      const url = new URL(environmentOf(name).DATABASE_URL);
      expect(url.hostname).toBe('postgres');
      expect(url.username).toBe(postgres.POSTGRES_USER);
      expect(url.password).toBe(postgres.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/${postgres.POSTGRES_DB}`);
    }
    for (const name of ['auth', 'orders', 'inventory']) {
      expect(compose.services[name].depends_on?.postgres?.condition).toBe('service_healthy');
    }
  });

  it('starts the gateway (which owns no tables) once the three services are healthy', () => {
    const { nats, ...services } = compose.services.gateway.depends_on ?? {};
    expect(nats?.condition).toBe('service_started');
    expect(Object.keys(services).sort()).toEqual(['auth', 'inventory', 'orders']);
    for (const dependency of Object.values(services)) expect(dependency.condition).toBe('service_healthy');
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8');

  it('builds and runs on the Node the project pins and supports (package.json engines, the "node" dev dependency)', () => {
    const { engines, devDependencies, allowScripts } = JSON.parse(readFileSync('package.json', 'utf8')) as {
      engines: { node: string };
      devDependencies: Record<string, string>;
      allowScripts?: Record<string, boolean>;
    };
    const pinned = devDependencies.node;
    expect(valid(pinned)).toBe(pinned);
    expect(satisfies(pinned, engines.node)).toBe(true);
    // Every dependency's own engines range holds for the pinned version (npm ci's EBADENGINE list).
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } | string[] }>;
    };
    const refusing = Object.entries(lock.packages)
      .map(([path, entry]) => [path, Array.isArray(entry.engines) ? undefined : entry.engines?.node] as const)
      .filter(([, range]) => range && !satisfies(pinned, range, { includePrerelease: true }));
    expect(refusing).toEqual([]);
    const images = [...dockerfile.matchAll(/^FROM node:(\d+)-/gm)].map((match) => Number(match[1]));
    expect(images.length).toBeGreaterThanOrEqual(2);
    for (const major of images) expect(major).toBe(Number(pinned.split('.')[0]));
    // The package brings its binary with an install script: approved, so npm will keep running it.
    expect(allowScripts?.node).toBe(true);
  });

  it('is multi-stage and runs as a non-root user', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('leaves the development-only emulators out of the production image', () => {
    expect(dockerfile).toMatch(/npm run build && rm -rf dist\/libs\/emulators/);
  });

  it('starts the app named by APP from the compiled output', () => {
    expect(dockerfile).toContain('dist/apps/${APP}/src/main.js');
  });
});

/**
 * Who owns each path of the runtime image, worked out from the Dockerfile's last stage the way the
 * builder would (WORKDIR, COPY --chown, RUN install -d / mkdir / chown), and which user runs it.
 */
function runtimeImage(dockerfile: string): { user: string; owners: Map<string, string> } {
  const stages = dockerfile.split(/^FROM /m);
  const owners = new Map<string, string>();
  let user = 'root';
  for (const line of stages[stages.length - 1].replace(/\\\n/g, ' ').split('\n')) {
    const [instruction, ...rest] = line.trim().split(/\s+/);
    const args = rest.join(' ');
    if (instruction === 'USER') user = args;
    if (instruction === 'WORKDIR' && !owners.has(args)) owners.set(args, 'root');
    if (instruction === 'COPY') {
      const chown = /--chown=([\w-]+)/.exec(args)?.[1] ?? 'root';
      const paths = args.split(/\s+/).filter((part) => !part.startsWith('--'));
      owners.set(paths[paths.length - 1].replace(/^\.\//, '/app/').replace(/^\.$/, '/app'), chown);
    }
    if (instruction === 'RUN') {
      for (const command of args.split('&&').map((part) => part.trim().split(/\s+/))) {
        const paths = command.filter((part) => part.startsWith('/'));
        if (command[0] === 'install' && command.includes('-d')) {
          const owner = command[command.indexOf('-o') + 1];
          for (const path of paths) owners.set(path, command.includes('-o') ? owner : user);
        }
        if (command[0] === 'mkdir') for (const path of paths) owners.set(path, user);
        if (command[0] === 'chown')
          for (const path of paths)
            owners.set(
              path,
              command
                .find((part) => /^[\w-]+(:[\w-]+)?$/.test(part) && part !== 'chown' && part !== '-R')!
                .split(':')[0],
            );
      }
    }
  }
  return { user, owners };
}

describe('the runtime image, read without a Docker engine', () => {
  const image = runtimeImage(readFileSync('Dockerfile', 'utf8'));

  it('runs as the unprivileged node user', () => {
    expect(image.user).toBe('node');
  });

  it.each(appServices)(
    '%s: every directory it writes exists in the image and belongs to node (a new named volume copies it)',
    (name) => {
      const env = loadEnvironment(environmentOf(name), name);
      const mounted = (compose.services[name].volumes ?? []).map((volume) => volume.split(':')[1]);
      const keys = env.feature(AccessTokensConfig).JWT_KEYS_DIR;
      const written = [...mounted, ...(name === 'auth' ? [keys] : [])];
      if (name === 'auth') expect(mounted).toContain(keys);
      for (const path of written) expect({ path, owner: image.owners.get(path) }).toEqual({ path, owner: image.user });
    },
  );

  it('holds every file the gateway may serve in production (the admin console and the browser client)', () => {
    const copied = [...image.owners.keys()];
    const missing = Object.values(ADMIN_CONSOLE_FILES)
      .map((file) => `/app/${file}`)
      .filter((file) => !copied.some((path) => path !== '/app' && file.startsWith(`${path}/`)));
    expect(missing).toEqual([]);
    // What the build stage produces under dist/ is copied whole; the pages are sources, copied as they are.
    expect(image.owners.get('/app/apps/gateway/public')).toBe('root');
  });

  it('models the Dockerfile the way the builder reads it', () => {
    const model = runtimeImage(
      'FROM a AS b\nFROM c\nWORKDIR /app\nRUN mkdir -p /root-owned && install -d -o node -g node /mine\nCOPY --chown=node:node x ./dist\nUSER node\n',
    );
    expect(Object.fromEntries(model.owners)).toEqual({
      '/app': 'root',
      '/root-owned': 'root',
      '/mine': 'node',
      '/app/dist': 'node',
    });
    expect(runtimeImage('FROM c\nRUN mkdir /keys && chown node:node /keys\n').owners.get('/keys')).toBe('node');
  });
});
