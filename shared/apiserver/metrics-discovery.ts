import { CUSTOM_METRICS_GROUP_VERSION } from './custom-metrics';
import { EXTERNAL_METRICS_GROUP_VERSION } from './external-metrics';

/**
 * The metrics APIs served from the simulation beside the registry's kinds, as a cluster with
 * prometheus-adapter's APIServices lists them. Their resources are the metrics the workloads
 * declare, so they are listed at the group version (`GET /apis/custom.metrics.k8s.io/v1beta2`),
 * not in the registry.
 */
export const METRICS_API_GROUPS: readonly { name: string; versions: string[] }[] = [CUSTOM_METRICS_GROUP_VERSION, EXTERNAL_METRICS_GROUP_VERSION].map((gv) => {
  const [name, version] = gv.split('/') as [string, string];
  return { name, versions: [version] };
});

function entry(g: { name: string; versions: string[] }) {
  return {
    name: g.name,
    versions: g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${g.name}/${g.versions[0]}`, version: g.versions[0] },
  };
}

/** `GET /apis/custom.metrics.k8s.io` and the like: the APIGroup, or undefined for other groups. */
export function metricsApiGroup(name: string) {
  const g = METRICS_API_GROUPS.find((x) => x.name === name);
  return g && { kind: 'APIGroup', apiVersion: 'v1', ...entry(g) };
}

/** An APIGroupList (`GET /apis`) with the metrics API groups added. */
export function withMetricsApiGroups<T extends { groups: unknown[] }>(list: T): T {
  return { ...list, groups: [...list.groups, ...METRICS_API_GROUPS.map(entry)] };
}

/**
 * An aggregated discovery list (apidiscovery.k8s.io/v2) with the metrics API groups added. Their
 * per-metric resources are left to the group version's own list, so `/apis` stays one cheap read.
 */
export function withMetricsApiGroupsAggregated<T extends { items: unknown[] }>(list: T): T {
  const items = METRICS_API_GROUPS.map((g) => ({
    metadata: { name: g.name, creationTimestamp: null },
    versions: g.versions.map((version) => ({ version, freshness: 'Current', resources: [] })),
  }));
  return { ...list, items: [...list.items, ...items] };
}
