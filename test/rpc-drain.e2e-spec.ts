import { afterEach, describe, expect, it } from '@jest/globals';
import { Controller, type INestApplication, Module } from '@nestjs/common';
import { ClientProxyFactory, type ClientProxy, MessagePattern, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { lastValueFrom, timeout } from 'rxjs';
import { natsClientOptions, rpcInFlight, rpcServerOptions } from '@app/common';
import { freePort } from './support/free-port';
import { testEnvironment } from './support/test-environment';

const SLOW_MS = 600;

@Controller()
class SlowController {
  @MessagePattern('drain-spec.slow')
  async slow(): Promise<{ answered: true }> {
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
    return { answered: true };
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

// A service shut down (SIGTERM, Nest's close) while it is answering: the caller still gets its
// answer, over TCP and over NATS, because the server stops taking messages, lets its handlers
// finish, and closes only then.
describe.each(['tcp', 'nats'] as const)('an RPC in flight when its server shuts down (%s)', (transport) => {
  let client: ClientProxy | undefined;
  afterEach(async () => {
    await client?.close();
  });

  it('is answered before the server closes, and the server closes right after', async () => {
    const port = await freePort();
    const env = testEnvironment({ TRANSPORT: transport });
    const app: INestApplication = (
      await Test.createTestingModule({ imports: [SlowModule] }).compile()
    ).createNestApplication();
    app.connectMicroservice(rpcServerOptions(app, env, 'drain-spec', port), { inheritAppConfig: true });
    await app.startAllMicroservices();
    await app.init();
    client = ClientProxyFactory.create(
      transport === 'nats'
        ? natsClientOptions(env, 'drain-spec')
        : { transport: Transport.TCP, options: { host: '127.0.0.1', port } },
    );
    await client.connect();
    const answer = lastValueFrom(client.send('drain-spec.slow', {}).pipe(timeout(5000)));
    const started = Date.now();
    while (rpcInFlight.count === 0 && Date.now() - started < 3000)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(rpcInFlight.count).toBe(1);
    const closing = Date.now();
    await app.close();
    const closedAfter = Date.now() - closing;
    await expect(answer).resolves.toEqual({ answered: true });
    // It waited for the handler, not for a fixed grace period.
    expect(closedAfter).toBeGreaterThan(SLOW_MS / 3);
    expect(closedAfter).toBeLessThan(SLOW_MS + 1500);
    expect(rpcInFlight.count).toBe(0);
  });
});
