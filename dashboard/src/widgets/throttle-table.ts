import { h, table } from '../dom';
import type { PodThrottling } from '../cpu-throttling';
import { cpu, percent } from '../model/format';
import { nodeLink, podLink } from './links';

/** The pods CFS throttles most: share of periods throttled and time throttled over the last scrape interval, CPU used against the limit and what koordlet's burst raised it to. */
export function throttleTable(rows: readonly PodThrottling[], empty: string): HTMLElement {
  return table(
    ['Pod', 'Node', 'Throttled periods', 'Throttled', 'CPU used', 'Limit', 'Burst (koordlet)'],
    rows.map((t) => [
      podLink(t.namespace, t.pod, `${t.namespace}/${t.pod}`),
      t.node ? nodeLink(t.node) : '',
      h('b', { class: 'warning' }, t.rates?.throttledShare == null ? '–' : percent(t.rates.throttledShare)),
      t.rates ? `${Math.round(t.rates.throttledPerSecond * 1000)} ms/s` : '–',
      t.rates ? cpu(t.rates.cores * 1000) : '–',
      t.limitMilli === undefined ? '–' : cpu(t.limitMilli),
      burstText(t),
    ]),
    empty,
    { class: 'throttled' },
  );
}

/** koordlet's scaled quota and cfs_burst_us, or '–' while it has left the kubelet's cgroup alone. */
export function burstText(t: Pick<PodThrottling, 'scaledQuotaMilli' | 'burstUs'>): string {
  const parts = [t.scaledQuotaMilli === undefined ? '' : `quota ${cpu(t.scaledQuotaMilli)}`, t.burstUs ? `burst ${Math.round(t.burstUs / 1000)} ms` : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : '–';
}
