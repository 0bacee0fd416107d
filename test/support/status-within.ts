/**
 * Calls `probe` until it answers `wanted` or `deadline` (epoch ms) passes; answers the last status.
 * For what the platform promises within a delay (a revocation reaching every service in 2 s).
 */
export async function statusBy(deadline: number, wanted: number, probe: () => Promise<number>): Promise<number> {
  let status = await probe();
  while (status !== wanted && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = await probe();
  }
  return status;
}

/** The same, within `ms` from now. */
export const statusWithin = (ms: number, wanted: number, probe: () => Promise<number>): Promise<number> =>
  statusBy(Date.now() + ms, wanted, probe);
