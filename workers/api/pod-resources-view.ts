import type { Node, Pod } from 'kubernetes-types/core/v1';
import { notFound } from '../../shared/api/errors';
import { RpcClient } from '../../shared/client';
import { getOrUndefined } from '../../shared/client/store-result';
import { clusterCpuStats, clusterUsage, demandAt, podDemandInputs, type WorkloadProfile } from '../../shared/nodes';
import { podResourcesView, readCpuBurstCfg } from '../../shared/resources';
import { clock } from '../../platform/clock';
import type { Env } from '../../platform/env';
import { namespaceNames } from '../../platform/namespaces';
import { storeStub } from '../../platform/stores';
import { json } from './http';
import { NODES, PODS, WORKLOAD_PROFILES } from '../../shared/api/resource-refs';

/**
 * GET /apis/kubeflare.dev/v1alpha1/namespaces/:ns/podresources/:name: one pod in the resource model
 * (cgroups, cpu.stat, koordlet's quota history, memory, oom_score, the node's memory, the last
 * termination) and why it is slow or was killed. Computed from the pods of its node, never stored.
 */
export async function servePodResources(env: Env, namespace: string, name: string): Promise<Response> {
  const client = new RpcClient({ storeOf: (s) => storeStub(env, s), namespaces: () => namespaceNames(env) });
  const pod = await getOrUndefined(client.resource<Pod>(PODS).namespace(namespace).get(name));
  if (!pod) throw notFound('podresources', 'kubeflare.dev', name);
  const nodeName = pod.spec?.nodeName;
  const [node, onNode, profiles, burst] = await Promise.all([
    nodeName ? getOrUndefined(client.resource<Node>(NODES).get(nodeName)) : Promise.resolve(undefined),
    nodeName ? client.resource<Pod>(PODS).list({ fieldSelector: `spec.nodeName=${nodeName}` }).then((l) => l.items) : Promise.resolve([pod]),
    client.resource<WorkloadProfile>(WORKLOAD_PROFILES).list(),
    readCpuBurstCfg(client),
  ]);
  const byName: Record<string, WorkloadProfile> = {};
  for (const p of profiles.items) byName[`${p.metadata?.namespace}/${p.metadata?.name}`] = p;
  const now = clock.now();
  const nodes = node ? [node] : [];
  const key = `${namespace}/${name}`;
  const usage = clusterUsage(onNode, byName, now, nodes, burst);
  const cpu = new Map([...clusterCpuStats(onNode, byName, now, nodes, burst)].filter(([k]) => k.startsWith(`${key}/`)).map(([k, v]) => [k.slice(key.length + 1), v]));
  const input = podDemandInputs(onNode, byName, now).find((i) => i.key === key);
  const demand = input ? demandAt(input.profile, input.ctx) : {};
  const nodeWorkingSetBytes = Object.values(usage).reduce((s, cs) => s + Object.values(cs).reduce((a, c) => a + c.memoryBytes, 0), 0);
  return json(podResourcesView({ pod, ...(node ? { node } : {}), now, cpu, demand, granted: usage[key] ?? {}, nodeWorkingSetBytes }));
}
