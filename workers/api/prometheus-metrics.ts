import { clock } from '../../platform/clock';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { RpcClient } from '../../shared/client';
import { clusterCpuStats, clusterUsage, nodeSamples, prometheusText, type WorkloadProfile } from '../../shared/nodes';
import { readCpuBurstCfg } from '../../shared/resources';
import { storeStub } from '../../platform/stores';
import { type Env } from '../../platform/env';
import { namespaceNames } from '../../platform/namespaces';
import { flowControlMetrics } from './flow-control-metrics';

/** apiserver_request_total per verb, resource and code, counted by this Worker isolate. */
const requests = new Map<string, number>();

export function countRequest(verb: string, resource: string, code: number): void {
  const key = `${verb}\u0000${resource}\u0000${code}`;
  requests.set(key, (requests.get(key) ?? 0) + 1);
}

function requestFamily(): string {
  const rows = [...requests].map(([k, n]) => {
    const [verb, resource, code] = k.split('\u0000');
    return `apiserver_request_total{code="${code}",resource="${resource}",verb="${verb}"} ${n}`;
  });
  return ['# HELP apiserver_request_total [STABLE] Counter of apiserver requests broken out for each verb, resource, and HTTP response code.', '# TYPE apiserver_request_total counter', ...rows].join('\n');
}

/** `GET /metrics`: the API server's request counters plus every simulated kubelet's resource metrics. */
export async function servePrometheus(env: Env): Promise<Response> {
  const client = new RpcClient({ storeOf: (s) => storeStub(env, s), namespaces: () => namespaceNames(env) });
  const now = clock.now();
  const [nodes, pods, profiles, burst] = await Promise.all([
    client.resource<Node>({ group: '', version: 'v1', plural: 'nodes' }).list(),
    client.resource<Pod>({ group: '', version: 'v1', plural: 'pods' }).list(),
    client.resource<WorkloadProfile>({ group: 'kubeflare.dev', version: 'v1alpha1', plural: 'workloadprofiles' }).list(),
    readCpuBurstCfg(client),
  ]);
  const byName: Record<string, WorkloadProfile> = {};
  for (const p of profiles.items) byName[`${p.metadata?.namespace}/${p.metadata?.name}`] = p;
  const usage = clusterUsage(pods.items, byName, now, nodes.items, burst);
  const cpu = clusterCpuStats(pods.items, byName, now, nodes.items, burst);
  const body = `${requestFamily()}\n${await flowControlMetrics(env)}\n${prometheusText(nodeSamples(nodes.items, pods.items, usage, now, cpu), now)}`;
  return new Response(body.endsWith('\n') ? body : `${body}\n`, { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } });
}
