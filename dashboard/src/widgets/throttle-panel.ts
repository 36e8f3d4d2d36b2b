import { fill, h } from '../dom';
import type { PodThrottling } from '../cpu-throttling';
import { cpu, percent } from '../model/format';
import { TimeSeriesChart } from './time-series-chart';
import { burstText } from './throttle-table';

/**
 * A pod's CPU against its quota over time: used, limit and koordlet's scaled quota (millicores), and how much
 * CFS throttled it (share of periods, ms per second). The charts are made when the pod's first scrape arrives
 * and kept while the view is shown.
 */
export class ThrottlePanel {
  readonly el = h('div', { class: 'throttling' });
  private readonly stats = h('div', { class: 'summary' });
  private readonly note = h('p', { class: 'muted' });
  private charts: { for: PodThrottling; cpu: TimeSeriesChart; throttled: TimeSeriesChart } | undefined;
  private readonly chartBox = h('div', { class: 'charts' });

  constructor() {
    this.el.append(this.note, this.stats, this.chartBox);
  }

  update(t: PodThrottling | undefined, why: string): void {
    this.note.textContent = t ? 'From /metrics (container_cpu_cfs_* and koordlet_container_scaled_cfs_*), rates between scrapes, at cluster time.' : why;
    if (!t) {
      fill(this.stats);
      this.dispose();
      return this.chartBox.replaceChildren();
    }
    const r = t.rates;
    fill(
      this.stats,
      h('div', { class: 'stat' }, 'throttled periods ', h('b', { class: 'throttled-share' }, r?.throttledShare == null ? '–' : percent(r.throttledShare))),
      h('div', { class: 'stat' }, 'throttled ', h('b', null, r ? `${Math.round(r.throttledPerSecond * 1000)} ms/s` : '–')),
      h('div', { class: 'stat' }, 'CPU used ', h('b', null, r ? cpu(r.cores * 1000) : '–'), ' of limit ', h('b', null, t.limitMilli === undefined ? '–' : cpu(t.limitMilli))),
      h('div', { class: 'stat' }, 'periods ', h('b', null, t.counters.periods), ', throttled ', h('b', null, t.counters.throttledPeriods)),
      h('div', { class: 'stat' }, 'burst ', h('b', { class: 'burst' }, burstText(t))),
    );
    if (this.charts?.for !== t) {
      this.dispose();
      const cpuChart = new TimeSeriesChart(t.cpu, { title: 'CPU (used, limit, koordlet quota)', colors: ['#4a78c2', '#d64545', '#8e5bb5'], dashed: [false, true, true], format: (v) => cpu(v), height: 160 });
      const throttledChart = new TimeSeriesChart(t.throttled, { title: 'Throttled (% of periods, ms per s)', colors: ['#d64545', '#e07b39'], format: (v) => String(Math.round(v)), height: 160 });
      this.chartBox.replaceChildren(cpuChart.el, throttledChart.el);
      this.charts = { for: t, cpu: cpuChart, throttled: throttledChart };
    }
    this.charts.cpu.update();
    this.charts.throttled.update();
  }

  dispose(): void {
    this.charts?.cpu.dispose();
    this.charts?.throttled.dispose();
    this.charts = undefined;
  }
}
