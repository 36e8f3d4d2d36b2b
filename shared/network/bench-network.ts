import type { Node } from 'kubernetes-types/core/v1';
import { formatIPv4 } from '../nodes/ipv4';
import { flannelAnnotations } from './flannel-annotations';
import { parseFlannelConfig, type FlannelConfig } from './flannel-config';
import { clusterLeases } from './cluster-dataplane';
import { applySubnetEvents, nodeDataplane, type NodeDataplane } from './node-dataplane';
import { tracePodToPod, type PathEndpoint } from './pod-path';
import { leaseOf, ZONE_LABEL, type SubnetLease } from './subnet-lease';

/** What one bench run measured (`npm run bench -- --only network`). */
export interface NetworkBench {
  nodes: number;
  backend: string;
  /** One node's whole dataplane from every lease (flanneld starting on a node of this cluster). */
  dataplaneMs: number;
  /** A node joining: one existing node's dataplane applying its lease (median over the sampled nodes). */
  joinApplyMs: number;
  /** joinApplyMs × nodes: the CPU the whole cluster spends on one join (each flanneld does its share in parallel). */
  joinClusterCpuMs: number;
  /** A pod-to-pod path traced over the two nodes' dataplanes, already computed. */
  pathMicros: number;
  pathsPerSecond: number;
  /** A path question from scratch: both nodes' dataplanes from the leases, then the trace (what a NetworkPath computes after its reads). */
  queryMs: number;
  queriesPerSecond: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A cluster of `n` annotated nodes in 10.0.0.0/8 at /24 on one L2 segment, as flannel's kube subnet manager leaves them. */
export function benchCluster(n: number, config: FlannelConfig): Node[] {
  return Array.from({ length: n }, (_, i) => {
    const node: Node = {
      metadata: { name: `bench-${i}`, labels: { [ZONE_LABEL]: 'zone-a' } },
      spec: { podCIDR: `${formatIPv4((10 << 24) + ((i + 1) << 8))}/24` },
      status: { addresses: [{ type: 'InternalIP', address: formatIPv4((172 << 24) + (16 << 16) + i + 1) }] },
    };
    node.metadata!.annotations = flannelAnnotations(node, config);
    return node;
  });
}

function endpoint(node: string, dp: NodeDataplane, i: number): PathEndpoint {
  const [a, b, c] = dp.subnet.split('.');
  return { pod: `bench/p${i}`, uid: `uid-${i}`, node, ip: `${a}.${b}.${c}.${10 + i}` };
}

/**
 * The flannel model at `nodes` nodes with `backend`: a node's whole dataplane, a join applied to `sample`
 * existing dataplanes, pod-to-pod path traces over cached dataplanes (`paths` of them) and whole path
 * questions (`queries`). `clock` is performance.now in the bench.
 * @example benchNetwork(500, 'vxlan', () => performance.now())
 */
export function benchNetwork(nodes: number, backend: 'vxlan' | 'host-gw', clock: () => number, opts: { sample?: number; paths?: number; queries?: number } = {}): NetworkBench {
  const parsed = parseFlannelConfig(JSON.stringify({ Network: '10.0.0.0/8', SubnetLen: 24, Backend: { Type: backend } }));
  if (!parsed.ok) throw new Error(parsed.error);
  const config = parsed.config;
  const cluster = benchCluster(nodes + 1, config);
  const joining = cluster.pop()!;
  const { leases } = clusterLeases(cluster);
  const self = (i: number): Pick<SubnetLease, 'node' | 'subnet' | 'publicIP' | 'segment'> => leases[i]!;
  const sample = Math.min(opts.sample ?? 5, nodes);
  const dps: NodeDataplane[] = [];
  const built: number[] = [];
  for (let k = 0; k < sample; k++) {
    const t0 = clock();
    dps.push(nodeDataplane(config, self(Math.floor((k * nodes) / sample)), leases));
    built.push(clock() - t0);
  }
  const join = (leaseOf(joining) as { ok: true; lease: SubnetLease }).lease;
  const applied = dps.map((dp) => {
    const t0 = clock();
    applySubnetEvents(dp, config, [{ type: 'added', lease: join }]);
    return clock() - t0;
  });
  const [sdp, ddp] = [dps[0]!, dps[dps.length - 1]!];
  const src = { endpoint: endpoint(sdp.node, sdp, 0), dataplane: sdp };
  const dst = { endpoint: endpoint(ddp.node, ddp, 1), dataplane: ddp };
  const paths = opts.paths ?? 2000;
  let t0 = clock();
  for (let i = 0; i < paths; i++) if (!tracePodToPod(src, dst, { port: 80, protocol: 'TCP' }).reachable) throw new Error('bench path unreachable');
  const pathMicros = ((clock() - t0) * 1000) / paths;
  const queries = opts.queries ?? 3;
  const qs: number[] = [];
  for (let i = 0; i < queries; i++) {
    t0 = clock();
    const a = nodeDataplane(config, self(0), leases);
    const b = nodeDataplane(config, self(nodes - 1), leases);
    tracePodToPod({ endpoint: endpoint(a.node, a, 0), dataplane: a }, { endpoint: endpoint(b.node, b, 1), dataplane: b });
    qs.push(clock() - t0);
  }
  const joinApplyMs = median(applied);
  return {
    nodes,
    backend,
    dataplaneMs: median(built),
    joinApplyMs,
    joinClusterCpuMs: joinApplyMs * nodes,
    pathMicros,
    pathsPerSecond: 1e6 / pathMicros,
    queryMs: median(qs),
    queriesPerSecond: 1000 / median(qs),
  };
}
