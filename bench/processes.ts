import { type ChildProcess, spawn } from 'node:child_process';

export { freePort } from '../test/support/free-port';

export interface Started {
  child: ChildProcess;
  stop: () => Promise<void>;
}

/** Starts a compiled script with `env` and waits for `healthUrl` to answer 200. */
export async function start(
  script: string,
  env: Record<string, string>,
  healthUrl: string,
  /** The Node binary to run it on; default the bench's own. */
  node = process.execPath,
): Promise<Started> {
  const child = spawn(node, [script], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`${script} did not become healthy: ${stderr}`);
    try {
      if ((await fetch(healthUrl, { signal: AbortSignal.timeout(1000) })).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
