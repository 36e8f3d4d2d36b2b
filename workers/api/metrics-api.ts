import { clock } from '../../platform/clock';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { ApiError, notFound } from '../../shared/api/errors';
import { RpcClient } from '../../shared/client';
import { clusterUsage, nodeMetrics, podMetrics, type WorkloadProfile } from '../../shared/nodes';
import { readCpuBurstCfg } from '../../shared/resources';
import { storeStub } from '../../platform/stores';
import { type Env } from '../../platform/env';
import { json } from './http';
import { namespaceNames } from '../../platform/namespaces';
import { NODES, PODS, WORKLOAD_PROFILES } from '../../shared/api/resource-refs';

function list<T>(kind: string, items: T[]) {
  return { kind, apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items };
}

/**
 * metrics.k8s.io/v1beta1, as metrics-server serves it, computed at request time from the simulated
 * workloads: `kubectl top nodes|pods` and the HPA read it.
 */
export async function serveMetrics(env: Env, request: Request): Promise<Response> {
  if (request.method !== 'GET') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const segments = new URL(request.url).pathname.split('/').slice(4).filter(Boolean).map(decodeURIComponent);
  const client = new RpcClient({ storeOf: (s) => storeStub(env, s), namespaces: () => namespaceNames(env) });
  const now = clock.now();
  const [pods, profiles, nodeList, burst] = await Promise.all([client.resource<Pod>(PODS).list(), client.resource<WorkloadProfile>(WORKLOAD_PROFILES).list(), client.resource<Node>(NODES).list(), readCpuBurstCfg(client)]);
  const byName: Record<string, WorkloadProfile> = {};
  for (const p of profiles.items) byName[`${p.metadata?.namespace}/${p.metadata?.name}`] = p;
  const nodes = nodeList.items;
  // granted CPU: contention on a node involves every pod on it, so usage is computed for all pods
  const usage = clusterUsage(pods.items, byName, now, nodes, burst);

  if (segments[0] === 'nodes') {
    const metrics = nodes.map((n) =>
      nodeMetrics(
        n,
        pods.items.filter((p) => p.spec?.nodeName === n.metadata?.name).map((p) => usage[`${p.metadata?.namespace}/${p.metadata?.name}`] ?? {}),
        now,
      ),
    );
    if (segments[1]) {
      const one = metrics.find((m) => m.metadata.name === segments[1]);
      if (!one) throw notFound('nodes', 'metrics.k8s.io', segments[1]);
      return json(one);
    }
    return json(list('NodeMetricsList', metrics));
  }
  let namespace: string | undefined;
  let rest = segments;
  if (segments[0] === 'namespaces' && segments[1]) {
    namespace = segments[1];
    rest = segments.slice(2);
  }
  if (rest[0] !== 'pods') throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  const selected = pods.items.filter((p) => namespace === undefined || p.metadata?.namespace === namespace);
  const metrics = podMetrics(selected, usage, now);
  if (rest[1]) {
    const one = metrics.find((m) => m.metadata.name === rest[1]);
    if (!one) throw notFound('pods', 'metrics.k8s.io', rest[1]);
    return json(one);
  }
  return json(list('PodMetricsList', metrics));
}
