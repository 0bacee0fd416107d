import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export type AppName = 'monolith' | 'auth' | 'gateway' | 'orders' | 'inventory';

export interface AppProcess {
  child: ChildProcess;
  output: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** How the process ended: `graceful` when it closed by itself after the signal (exit 0 or the signal re-raised). */
  stop: (signal?: NodeJS.Signals) => Promise<'graceful' | 'killed' | 'failed'>;
}

/** Runs a compiled app (`npm run build` first) the way an operator would, with only `env` set. */
export function spawnApp(app: AppName, env: Record<string, string>, options: { cwd?: string } = {}): AppProcess {
  return spawnScript(`dist/apps/${app}/src/main.js`, env, options);
}

/** Runs a compiled script with only `env` (and PATH) set. */
export function spawnScript(script: string, env: Record<string, string>, options: { cwd?: string } = {}): AppProcess {
  const entry = resolve(script);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" first`);
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: options.cwd,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    child,
    output: () => stdout + stderr,
    stderr: () => stderr,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      if (child.signalCode === 'SIGKILL') return 'killed';
      return code === 0 || child.signalCode === signal ? 'graceful' : 'failed';
    },
  };
}

/** Polls `url` until it answers `status`, or fails after `timeoutMs` with the app's output. */
export async function waitForStatus(url: string, status: number, app: AppProcess, timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (app.child.exitCode !== null) throw new Error(`app exited with ${app.child.exitCode}:\n${app.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === status) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms:\n${app.output()}`);
}
