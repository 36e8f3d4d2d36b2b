import { countByPhase } from './model/pod-summary';
import { nodeRows } from './model/node-rows';
import { Series } from './model/series';
import type { LiveCluster } from './live-cluster';

/** Ten minutes at one sample every two seconds. */
const CAPACITY = 300;

/**
 * What the charts draw: samples of the live caches taken on a timer from the moment the page opens, so the
 * history survives moving between views.
 */
export class ClusterHistory {
  readonly pods = new Series(['Running', 'Pending', 'Failed'], CAPACITY);
  /** Cluster CPU as millicores: requested by pods, used now, allocatable. */
  readonly cpu = new Series(['requested', 'used', 'allocatable'], CAPACITY);

  constructor(private readonly cluster: LiveCluster) {}

  start(signal: AbortSignal, everyMs = 2000): void {
    this.sample();
    const timer = setInterval(() => this.sample(), everyMs);
    signal.addEventListener('abort', () => clearInterval(timer));
  }

  sample(now = Date.now()): void {
    if (!this.cluster.synced()) return;
    const pods = this.cluster.pods.indexer.list();
    const phases = countByPhase(pods);
    this.pods.push(now, [phases.Running, phases.Pending, phases.Failed]);
    const rows = nodeRows(this.cluster.nodes.indexer.list(), pods, this.cluster.nodeUsage);
    const sum = (f: (r: (typeof rows)[number]) => number | undefined) => rows.reduce((s, r) => s + (f(r) ?? 0), 0);
    const used = rows.some((r) => r.cpu.used !== undefined) ? sum((r) => r.cpu.used) : null;
    this.cpu.push(now, [sum((r) => r.cpu.requested), used, sum((r) => r.cpu.allocatable)]);
  }
}
