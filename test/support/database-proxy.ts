import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface DatabaseProxy {
  /** `DATABASE_URL` with the host and port replaced by the proxy's. */
  url: string;
  /** As if PostgreSQL stopped: every open connection is cut and new ones are refused. */
  stop: () => Promise<void>;
  /** As if PostgreSQL came back on the same address. */
  start: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * A TCP relay in front of the real PostgreSQL, so one test can take "the database" down and
 * bring it back without stopping the server every other test is using.
 */
export async function databaseProxy(databaseUrl: string): Promise<DatabaseProxy> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      if (server) return resolve();
      server = createServer((client) => {
        const upstream = createConnection(Number(target.port || 5432), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  const stop = async () => {
    const closing = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (closing) await new Promise((resolve) => closing.close(resolve));
  };
  await listen();
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return { url: url.toString(), stop, start: listen, close: stop };
}
