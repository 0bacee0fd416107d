import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface NodeBinary {
  /** What the report calls it: the version, and where it came from. */
  label: string;
  version: string;
  path: string;
}

const versionOf = (path: string) => execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();

/** PATH without the node_modules/.bin directories npm scripts add (with the pinned Node in them). */
const withoutNpmBins = () =>
  (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir && !dir.includes('node_modules'))
    .join(delimiter);

/** The first `node` on PATH that npm did not put there: the machine's own. */
function machineNode(): string | undefined {
  for (const dir of withoutNpmBins().split(delimiter)) {
    const candidate = join(dir, 'node');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * A Node release line brought the ordinary npm way (the `node` package, as the project pins its
 * own), cached by npx; undefined when the registry cannot be reached.
 */
function fromNpm(range: string): string | undefined {
  try {
    return execFileSync('npx', ['-y', '-p', `node@${range}`, '--', 'node', '-p', 'process.execPath'], {
      encoding: 'utf8',
      // npx on the machine's own Node, as a person would run it (and with that Node's certificates).
      env: { ...process.env, PATH: withoutNpmBins() },
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 120_000,
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * The Node versions to compare, one binary per version: the one running the bench (the pinned
 * dev dependency, under `npm run bench`), the machine's own, and the latest of each other LTS line
 * in `lines` (BENCH_NODE_LINES, default 20, 22 and 24).
 */
export function nodeBinaries(lines = (process.env.BENCH_NODE_LINES ?? '20,22,24').split(',')): NodeBinary[] {
  const found: NodeBinary[] = [{ label: 'pinned', version: process.version, path: process.execPath }];
  const machine = machineNode();
  if (machine) found.push({ label: "the machine's", version: versionOf(machine), path: machine });
  for (const line of lines) {
    if (found.some((binary) => binary.version.startsWith(`v${line}.`))) continue;
    const path = fromNpm(line);
    if (path) found.push({ label: 'npm', version: versionOf(path), path });
  }
  return found.sort((a, b) => a.version.localeCompare(b.version, 'en', { numeric: true }));
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
