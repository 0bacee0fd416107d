import { afterAll, describe, expect, it } from '@jest/globals';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, timeout } from 'rxjs';
import { loadEnvironment, natsClientOptions } from '@app/common';
import { AUTH_PATTERNS, DEVELOPMENT_ORDERS_CLIENT_SECRET } from '@app/contracts';
import { type AppProcess, spawnApp, waitForStatus } from '../support/app-process';
import { freePort } from '../support/free-port';

const databaseUrl = process.env.DATABASE_URL;
const describeWithServer = databaseUrl ? describe : describe.skip;
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

// On NATS an instance gets its queue group's traffic the moment it subscribes, as when one is
// restarted while the others serve. It must not answer before it is ready: an auth instance whose
// token grants were not registered yet answered unsupported_grant_type to a valid request.
describeWithServer('an instance starting while its queue group has traffic', () => {
  let auth: AppProcess | undefined;
  let client: ClientProxy | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'startup-traffic-'));
  afterAll(async () => {
    await auth?.stop('SIGTERM');
    await client?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers nothing but what it answers when ready', async () => {
    client = ClientProxyFactory.create(natsClientOptions(loadEnvironment({ NATS_URL }), 'startup-traffic-spec'));
    await client.connect();
    const answers: string[] = [];
    let sending = true;
    const request = {
      grant_type: 'client_credentials',
      client_id: 'orders',
      client_secret: DEVELOPMENT_ORDERS_CLIENT_SECRET,
      audience: 'inventory',
    };
    const senders = Array.from({ length: 4 }, async () => {
      while (sending) {
        try {
          await lastValueFrom(client!.send(AUTH_PATTERNS.token, request).pipe(timeout(3000)));
          answers.push('token');
        } catch (error) {
          const body = error as { status?: number; error?: string };
          // Nobody in the queue group yet (NATS's "no responders"), or not in time: not an answer.
          if (typeof body?.status === 'number') answers.push(`${body.status} ${body.error}`);
          else await new Promise((resolve) => setTimeout(resolve, 2));
        }
      }
    });
    const httpPort = await freePort();
    auth = spawnApp('auth', {
      DATABASE_URL: databaseUrl!,
      TRANSPORT: 'nats',
      NATS_URL,
      WORKERS: '1',
      JWT_KEYS_DIR: join(dir, 'keys'),
      AUTH_HTTP_PORT: String(httpPort),
      AUTH_HTTP_URL: `http://127.0.0.1:${httpPort}`,
    });
    await waitForStatus(`http://127.0.0.1:${httpPort}/health`, 200, auth, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    sending = false;
    await Promise.all(senders);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.filter((answer) => answer !== 'token')).toEqual([]);
  }, 90_000);
});
