import cluster from 'node:cluster';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { shareMetricsWithPrimary } from './cluster-metrics';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const PROPAGATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30];

/**
 * Every metric this platform exports, in one registry per process (an app, or the monolith), named
 * in one place so dashboards and the sample alerts (`ops/prometheus-alerts.yml`) can rely on them.
 * Code that records something takes this class; it is the same in every app.
 */
export class PlatformMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly rpcDuration = new Histogram({
    name: 'rpc_request_duration_seconds',
    help: 'RPC requests handled, by pattern and outcome (ok, or the refusal status)',
    labelNames: ['pattern', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly logins = new Counter({
    name: 'auth_logins_total',
    help: 'Logins by provider and outcome (success, failure)',
    labelNames: ['provider', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly refreshRotations = new Counter({
    name: 'auth_refresh_rotations_total',
    help: 'Refresh tokens rotated',
    registers: [this.registry],
  });

  readonly reuseDetections = new Counter({
    name: 'auth_refresh_reuse_detected_total',
    help: 'Rotated refresh tokens presented again after the reuse interval (the session was revoked)',
    registers: [this.registry],
  });

  readonly bans = new Counter({
    name: 'auth_bans_total',
    help: 'Accounts banned',
    registers: [this.registry],
  });

  readonly rateLimitRefusals = new Counter({
    name: 'auth_rate_limit_refusals_total',
    help: 'Credential requests refused by the rate limit (429)',
    registers: [this.registry],
  });

  readonly tokenVerificationFailures = new Counter({
    name: 'token_verification_failures_total',
    help: 'Access tokens refused by this process, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly revocationsApplied = new Counter({
    name: 'revocations_applied_total',
    help: 'Revocation feed entries applied by this process',
    registers: [this.registry],
  });

  readonly revocationPropagation = new Histogram({
    name: 'revocation_propagation_seconds',
    help: 'From a revocation (logout, ban, role change) to this process applying it',
    buckets: PROPAGATION_BUCKETS,
    registers: [this.registry],
  });

  readonly revocationFeedSynced = new Gauge({
    name: 'revocation_feed_last_sync_timestamp_seconds',
    help: 'When this process last read the revocation feed successfully (unix time); stale means revocations are not arriving',
    // Across a cluster's workers, the stalest one's.
    aggregator: 'min',
    registers: [this.registry],
  });

  readonly providerCalls = new Histogram({
    name: 'identity_provider_request_duration_seconds',
    help: 'Calls to Facebook and Google by provider, operation and outcome (ok, refused, error)',
    labelNames: ['provider', 'operation', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor(appName: string) {
    this.registry.setDefaultLabels({ app: appName });
    collectDefaultMetrics({ register: this.registry });
    if (cluster.isWorker) shareMetricsWithPrimary(this.registry);
  }

  /** Times `call` against a provider; `refused` tells a "no" (outcome refused) from a failure (error). */
  async timeProviderCall<T>(
    provider: string,
    operation: string,
    call: () => Promise<T>,
    refused: (error: unknown) => boolean = () => false,
  ): Promise<T> {
    const stop = this.providerCalls.startTimer({ provider, operation });
    try {
      const result = await call();
      stop({ outcome: 'ok' });
      return result;
    } catch (error) {
      stop({ outcome: refused(error) ? 'refused' : 'error' });
      throw error;
    }
  }
}
