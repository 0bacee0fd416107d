import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Scrape {
  contentType: string;
  body: string;
}

/** Answers `GET /metrics` on `port`/`host` with what `collect` gathers, and nothing else; resolves once listening. */
export async function listenForScrapes(
  port: number,
  host: string,
  collect: () => Promise<Scrape>,
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    collect().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { address, port: bound } = server.address() as AddressInfo;
  return { server, url: `http://${address}:${bound}/metrics` };
}
