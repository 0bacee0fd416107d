import { describe, expect, it } from '@jest/globals';
import { loadEnvironment } from '../config/load-environment';
import { declareService } from './service-declaration';

// Its own file: a declared service stays declared for the rest of the process (here, this file).
describe('declareService', () => {
  const payments = declareService('payments', { tcpPort: 4004, httpPort: 3004 });
  const ledger = declareService('ledger-sync', { tcpPort: 4005, httpPort: 3005 });

  it('answers where the service listens and is reached, from defaults or the environment', () => {
    expect(payments.address(loadEnvironment({}))).toEqual({ host: '127.0.0.1', port: 4004 });
    expect(payments.listener(loadEnvironment({}))).toEqual({ httpHost: '127.0.0.1', httpPort: 3004, tcpPort: 4004 });
    const env = loadEnvironment({
      PAYMENTS_TCP_HOST: 'payments',
      PAYMENTS_TCP_PORT: '5000',
      LEDGER_SYNC_HTTP_PORT: '8080',
    });
    expect(payments.address(env)).toEqual({ host: 'payments', port: 5000 });
    expect(ledger.listener(env)).toMatchObject({ httpPort: 8080 });
  });

  it('validates its settings with every other, all problems at once', () => {
    expect(() => loadEnvironment({ PAYMENTS_TCP_PORT: '70000', LEDGER_SYNC_HTTP_PORT: 'abc', PORT: '0' })).toThrow(
      /PORT must be an integer TCP port[^]*PAYMENTS_TCP_PORT must be an integer TCP port from 1 to 65535[^]*LEDGER_SYNC_HTTP_PORT must be an integer TCP port/,
    );
  });
});
