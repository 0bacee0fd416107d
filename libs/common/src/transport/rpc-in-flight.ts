/**
 * The RPC handlers this process is running, so that a server being shut down can stop taking
 * messages, let these finish, and only then close its connections (see the draining servers).
 */
export class RpcInFlight {
  private running = 0;
  private waiters: Array<() => void> = [];

  enter(): void {
    this.running++;
  }

  leave(): void {
    this.running = Math.max(0, this.running - 1);
    if (this.running === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  get count(): number {
    return this.running;
  }

  /** Resolves once none is running, or after `timeoutMs`; answers whether all finished. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

/** This process's one count. */
export const rpcInFlight = new RpcInFlight();
