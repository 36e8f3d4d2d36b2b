import { fill, h } from '../dom';
import { hpaReplicasCell, type HpaRow } from '../model/hpa-rows';
import type { Series } from '../model/series';
import { namespaceLink } from './links';
import { TimeSeriesChart } from './time-series-chart';

const REPLICA_COLORS = ['#2e9e5b', '#4a78c2', '#9aa5b1'];
const METRIC_COLORS = ['#e07b39', '#e07b39', '#8e5bb5', '#8e5bb5', '#2f9ca3', '#2f9ca3'];

const number = (v: number) => (Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v)) : v.toPrecision(3));

/**
 * One HPA: what it scales and how, replicas (current, desired, max) over time, and each metric's reading against
 * its target (dashed) over time. The charts live as long as the card; a metrics chart is rebuilt when the HPA's
 * list of metrics changes (its history restarts then).
 */
export class HpaCard {
  readonly el: HTMLElement;
  private readonly head = h('div', { class: 'hpa-head' });
  private readonly charts = h('div', { class: 'charts' });
  private readonly replicas: TimeSeriesChart;
  private metrics: { series: Series; chart: TimeSeriesChart } | undefined;

  constructor(
    readonly key: string,
    history: { replicas: Series },
  ) {
    this.replicas = new TimeSeriesChart(history.replicas, { title: 'Replicas', colors: REPLICA_COLORS, dashed: [false, true, true], format: number, height: 160 });
    this.charts.append(this.replicas.el);
    this.el = h('section', { class: 'panel hpa', 'data-hpa': key }, this.head, this.charts);
  }

  update(row: HpaRow, history: { metrics: Series }): void {
    const replicas = hpaReplicasCell(row);
    fill(
      this.head,
      h('h2', null, namespaceLink(row.namespace), ' / ', row.name, h('span', { class: 'muted' }, ` → ${row.reference}`)),
      h(
        'div',
        { class: 'summary' },
        h('div', { class: 'stat' }, 'replicas ', h('b', { class: 'hpa-replicas', title: replicas.title }, replicas.text), h('span', { class: 'muted' }, ` (min ${row.min}, max ${row.max})`)),
        h('div', { class: 'stat' }, 'targets ', h('b', { class: 'hpa-targets' }, row.targets)),
        row.limited ? h('div', { class: replicas.warning ? 'stat warning' : 'stat muted' }, row.limited) : null,
      ),
    );
    if (this.metrics?.series !== history.metrics) {
      this.metrics?.chart.dispose();
      this.metrics?.chart.el.remove();
      const names = history.metrics.names;
      const chart = new TimeSeriesChart(history.metrics, { title: 'Metrics against target (dashed)', colors: METRIC_COLORS, dashed: names.map((_, i) => i % 2 === 1), format: number, height: 160 });
      this.charts.append(chart.el);
      this.metrics = { series: history.metrics, chart };
    }
    this.replicas.update();
    this.metrics.chart.update();
  }

  dispose(): void {
    this.replicas.dispose();
    this.metrics?.chart.dispose();
  }
}
