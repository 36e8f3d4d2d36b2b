import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { ContainerCpuReport } from './cluster-usage';
import type { ContainerUsage } from './demand';
import { NODE_BASELINE } from './metrics';
import type { ContainerSample, NodeSample } from './prometheus';
import { parseTime } from './time-format';

/**
 * The kubelet's resource samples for every node, from the usage the simulation computes now.
 * Cumulative CPU comes from the CFS model's counters (`clusterCpuStats`, by
 * `namespace/pod/container`) when given, else the current rate times the running time.
 */
export function nodeSamples(nodes: readonly Node[], pods: readonly Pod[], usage: Record<string, Record<string, ContainerUsage>>, now: number, cpuStats?: ReadonlyMap<string, ContainerCpuReport>): NodeSample[] {
  return nodes.map((node) => {
    const name = node.metadata?.name ?? '';
    const onNode = pods.filter((p) => p.spec?.nodeName === name);
    const containers: ContainerSample[] = [];
    const byState: Record<string, number> = { running: 0, exited: 0, created: 0, unknown: 0 };
    for (const p of onNode) {
      const u = usage[`${p.metadata?.namespace}/${p.metadata?.name}`] ?? {};
      for (const s of p.status?.containerStatuses ?? []) {
        if (s.state?.running) byState.running!++;
        else if (s.state?.terminated) byState.exited!++;
        else if (s.state?.waiting) byState.created!++;
        else byState.unknown!++;
        const started = parseTime(s.state?.running?.startedAt);
        if (started === undefined) continue;
        const cu = u[s.name] ?? { cpuMilli: 0, memoryBytes: 0 };
        const stat = cpuStats?.get(`${p.metadata?.namespace}/${p.metadata?.name}/${s.name}`);
        containers.push({
          namespace: p.metadata?.namespace ?? '',
          pod: p.metadata?.name ?? '',
          container: s.name,
          ...(s.containerID ? { containerID: s.containerID } : {}),
          cpuSeconds: stat ? stat.usageUs / 1e6 : (cu.cpuMilli / 1000) * Math.max(0, now - started) / 1000,
          // cAdvisor reports the CFS series only for a container with a quota
          ...(stat && stat.quotaUs > 0 ? { cfs: { periods: stat.nrPeriods, throttledPeriods: stat.nrThrottled, throttledSeconds: stat.throttledUs / 1e6 } } : {}),
          // what koordlet's CPU burst set, once it has changed the kubelet's cgroup
          ...(stat && (stat.quotaUs !== stat.baseQuotaUs || stat.cfsBurstUs > 0) ? { koordlet: { quotaUs: stat.quotaUs, burstUs: stat.cfsBurstUs } } : {}),
          memoryBytes: cu.memoryBytes,
          startTimeSeconds: started / 1000,
        });
      }
    }
    const created = parseTime(node.metadata?.creationTimestamp) ?? now;
    const baselineSeconds = (NODE_BASELINE.cpuMilli / 1000) * Math.max(0, now - created) / 1000;
    return {
      node: name,
      cpuSeconds: baselineSeconds + containers.reduce((n, c) => n + c.cpuSeconds, 0),
      memoryBytes: NODE_BASELINE.memoryBytes + containers.reduce((n, c) => n + c.memoryBytes, 0),
      runningPods: onNode.filter((p) => p.status?.phase === 'Running').length,
      containersByState: byState,
      containers,
    };
  });
}
