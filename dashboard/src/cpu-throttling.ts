import type { Pod } from 'kubernetes-types/core/v1';
import { podLimits } from '../../shared/nodes/pod-resources';
import { CFS_PERIOD_US } from '../../shared/resources/cpu-cgroup';
import { cpuRates, podCpuCounters, type CpuRates, type PodCpuCounters } from './model/cpu-counters';
import { Series } from './model/series';
import type { LiveCluster } from './live-cluster';

/** Ten minutes at one scrape every five seconds. */
const CAPACITY = 120;

/** One pod with a CPU quota, as of the last two scrapes. */
export interface PodThrottling {
  key: string;
  namespace: string;
  pod: string;
  node?: string;
  counters: PodCpuCounters;
  /** Between the last two scrapes; undefined after the first. */
  rates?: CpuRates;
  /** The pod's CPU limit (millicores), from its spec. */
  limitMilli?: number;
  /** The quota koordlet's CPU burst scaled it to (millicores), when it did. */
  scaledQuotaMilli?: number;
  /** cpu.cfs_burst_us koordlet set: runtime a period may carry over beyond the quota. */
  burstUs?: number;
  /** CPU used (millicores), limit, koordlet's quota; throttled share of periods (%) and throttled ms per second. */
  cpu: Series;
  throttled: Series;
}

/**
 * CPU throttling and bursts per pod: `/metrics` scraped every few seconds with the page's token (the cAdvisor CFS
 * counters and koordlet's burst gauges the simulated kubelets expose), turned into rates per pod with a quota.
 * Scraped only while a view asks for it (`want`), since one scrape computes every pod of the cluster.
 */
export class CpuThrottling {
  readonly pods = new Map<string, PodThrottling>();
  lastError: string | undefined;
  private wanted = 0;
  private busy = false;
  private listeners = new Set<() => void>();

  constructor(
    private readonly cluster: LiveCluster,
    private readonly everyMs = 5000,
  ) {}

  start(signal: AbortSignal): void {
    const timer = setInterval(() => void this.scrape(), this.everyMs);
    signal.addEventListener('abort', () => clearInterval(timer));
  }

  /** A view shows throttling: scrape now and keep scraping until it lets go. */
  want(): () => void {
    if (this.wanted++ === 0) void this.scrape();
    return () => void this.wanted--;
  }

  /** Calls `fn` after each scrape; returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The most throttled pods over the last interval, most first: share of periods, then time throttled. */
  top(limit: number): PodThrottling[] {
    return [...this.pods.values()]
      .filter((p) => (p.rates?.throttledShare ?? 0) > 0)
      .sort((a, b) => b.rates!.throttledShare! - a.rates!.throttledShare! || b.rates!.throttledPerSecond - a.rates!.throttledPerSecond || a.key.localeCompare(b.key))
      .slice(0, limit);
  }

  async scrape(): Promise<void> {
    // one scrape computes the whole cluster's CPU: never before the page has its first complete picture
    if (this.wanted === 0 || this.busy || !this.cluster.synced() || this.cluster.paused) return;
    this.busy = true;
    try {
      this.record(podCpuCounters(await this.cluster.connection.text('/metrics'), this.cluster.now()));
      this.lastError = undefined;
    } catch (e) {
      this.lastError = e instanceof Error ? e.message : String(e);
    } finally {
      this.busy = false;
      for (const fn of this.listeners) fn();
    }
  }

  private record(counters: Map<string, PodCpuCounters>): void {
    const pods = new Map(this.cluster.pods.indexer.list().map((p: Pod) => [`${p.metadata?.namespace}/${p.metadata?.name}`, p]));
    for (const key of this.pods.keys()) if (!counters.has(key)) this.pods.delete(key);
    for (const [key, c] of counters) {
      const pod = pods.get(key);
      let t = this.pods.get(key);
      const rates = t ? cpuRates(t.counters, c) : undefined;
      if (!t) {
        t = { key, namespace: c.namespace, pod: c.pod, counters: c, cpu: new Series(['used', 'limit', 'koordlet quota'], CAPACITY), throttled: new Series(['throttled periods %', 'throttled ms/s'], CAPACITY) };
        this.pods.set(key, t);
      }
      t.counters = c;
      t.rates = rates;
      t.node = pod?.spec?.nodeName;
      t.limitMilli = pod ? podLimits(pod).cpuMilli : t.limitMilli;
      t.scaledQuotaMilli = c.scaledQuotaUs === undefined ? undefined : (c.scaledQuotaUs * 1000) / CFS_PERIOD_US;
      t.burstUs = c.burstUs;
      // a scrape that adds nothing (same sample time, or a restarted counter) draws no point
      if (!rates) continue;
      t.cpu.push(c.at, [rates.cores * 1000, t.limitMilli ?? null, t.scaledQuotaMilli ?? null]);
      t.throttled.push(c.at, [rates.throttledShare === null ? null : rates.throttledShare * 100, rates.throttledPerSecond * 1000]);
    }
  }
}
