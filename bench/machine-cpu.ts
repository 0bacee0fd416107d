import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Busy and total jiffies of the whole machine, from Linux's /proc/stat (undefined elsewhere). */
function sample(): { busy: number; total: number } | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.slice(0, 8).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/**
 * Runs `work` and answers, beside its result, how much CPU the whole machine spent meanwhile in
 * core-seconds (every process: the app, PostgreSQL, the load generator). Divided by the operations
 * done, that is what one operation costs the machine, which is comparable across scenarios even
 * when the absolute speed of this shared machine drifts.
 */
export async function withMachineCpu<T>(work: () => Promise<T>): Promise<{ result: T; coreSeconds?: number }> {
  const before = sample();
  const startedAt = performance.now();
  const result = await work();
  const after = sample();
  if (!before || !after || after.total === before.total) return { result };
  const seconds = (performance.now() - startedAt) / 1000;
  // The share of all jiffies that were busy, times the cores, times the wall time: core-seconds.
  const busyShare = (after.busy - before.busy) / (after.total - before.total);
  return { result, coreSeconds: busyShare * cpus().length * seconds };
}
