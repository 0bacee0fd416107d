import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { PlatformMetrics } from './platform-metrics';

describe('PlatformMetrics', () => {
  it('defines every metric the sample alerts use', async () => {
    const metrics = new PlatformMetrics('test');
    const defined = new Set((await metrics.registry.getMetricsAsJSON()).map((metric) => metric.name));
    const rules = parse(readFileSync('ops/prometheus-alerts.yml', 'utf8')) as {
      groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
    };
    const used = rules.groups
      .flatMap((group) => group.rules)
      .flatMap((rule) => [...rule.expr.matchAll(/\b([a-z_]+_(?:total|seconds)(?:_bucket|_count|_sum)?)\b/g)])
      .map(([, name]) => name.replace(/_(bucket|count|sum)$/, ''));
    expect(used.length).toBeGreaterThan(4);
    expect(used.filter((name) => !defined.has(name))).toEqual([]);
  });

  it('times a provider call as ok, refused or error, and passes the result or the error on', async () => {
    const metrics = new PlatformMetrics('test');
    await expect(metrics.timeProviderCall('google', 'token', async () => 'id-token')).resolves.toBe('id-token');
    const no = new Error('no');
    await expect(
      metrics.timeProviderCall(
        'google',
        'token',
        () => Promise.reject(no),
        () => true,
      ),
    ).rejects.toBe(no);
    await expect(
      metrics.timeProviderCall('google', 'token', () => Promise.reject(new Error('down'))),
    ).rejects.toThrow();
    const counts = (await metrics.providerCalls.get()).values
      .filter((value) => value.metricName === 'identity_provider_request_duration_seconds_count')
      .map((value) => [value.labels.outcome, value.value]);
    expect(Object.fromEntries(counts)).toEqual({ ok: 1, refused: 1, error: 1 });
  });
});
