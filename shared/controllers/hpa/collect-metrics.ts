import type { MetricsClient } from './metrics-client';
import type { MetricQuery, MetricsResult, MetricsSnapshot } from './metrics-snapshot';

/**
 * Run `queries` (from `metricQueries`) against `client` and assemble the snapshot `reconcileHpa`
 * reads; a failed fetch is recorded as its error message, so one broken metric never hides the others.
 * @example reconcileHpa({ ...input, metrics: await collectMetrics(client, ns, scale.selector, metricQueries(hpa)) })
 */
export async function collectMetrics(client: MetricsClient, namespace: string, podSelector: string, queries: MetricQuery[]): Promise<MetricsSnapshot> {
  const snap: Required<MetricsSnapshot> = { podMetrics: { error: 'not fetched' }, pods: {}, object: {}, external: {} };
  await Promise.all(
    queries.map(async (q) => {
      switch (q.kind) {
        case 'podMetrics':
          snap.podMetrics = await settle(() => client.getPodMetrics(namespace, podSelector));
          break;
        case 'pods':
          snap.pods[q.key] = await settle(() => client.getPodsMetric(namespace, podSelector, q.metricName, q.metricSelector));
          break;
        case 'object':
          snap.object[q.key] = await settle(() => client.getObjectMetric(namespace, q.describedObject, q.metricName, q.metricSelector));
          break;
        case 'external':
          snap.external[q.key] = await settle(() => client.getExternalMetric(namespace, q.metricName, q.metricSelector));
          break;
      }
    }),
  );
  return snap;
}

/** A fetch's items, or its error message. */
async function settle<T>(p: () => Promise<T>): Promise<MetricsResult<T>> {
  try {
    return { items: await p() };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
