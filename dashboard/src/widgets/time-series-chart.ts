import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Series } from '../model/series';

/**
 * A live line chart over a Series (uPlot: ~50 KB, draws thousands of points per frame on a canvas). The chart
 * keeps its canvas across re-renders; call `update()` after the series grows.
 */
export class TimeSeriesChart {
  readonly el: HTMLElement;
  private readonly plot: uPlot;

  constructor(
    private readonly series: Series,
    opts: { title: string; colors: readonly string[]; dashed?: readonly boolean[]; yLabel?: string; height?: number; format?: (v: number) => string },
  ) {
    this.el = document.createElement('div');
    this.el.className = 'chart';
    const fmt = opts.format ?? ((v: number) => String(v));
    this.plot = new uPlot(
      {
        title: opts.title,
        width: 480,
        height: opts.height ?? 180,
        series: [{}, ...series.names.map((label, i) => ({ label, stroke: opts.colors[i % opts.colors.length], width: 2, dash: opts.dashed?.[i] ? [6, 4] : undefined, value: (_u: uPlot, v: number | null) => (v === null ? '–' : fmt(v)) }))],
        axes: [{}, { label: opts.yLabel, size: 56, values: (_u: uPlot, vs: number[]) => vs.map(fmt) }],
        // at least the last two minutes, so the first samples do not stretch over the whole axis
        scales: { x: { time: true, range: (_u: uPlot, min: number, max: number) => [Math.min(min, max - 120), max] }, y: { range: (_u: uPlot, _min: number, max: number) => [0, Math.max(1, max * 1.1)] } },
        legend: { live: true },
      },
      series.data() as uPlot.AlignedData,
      this.el,
    );
    // sized to its column once shown, and again when the window changes (a ResizeObserver that resizes what
    // it observes can loop)
    requestAnimationFrame(() => this.resize());
    addEventListener('resize', this.onResize);
  }

  private readonly onResize = () => this.resize();

  /** Stops following the window's size (the view is gone). */
  dispose(): void {
    removeEventListener('resize', this.onResize);
    this.plot.destroy();
  }

  update(): void {
    this.plot.setData(this.series.data() as uPlot.AlignedData);
    // how many points it draws, for tests and curious readers of the DOM (a canvas cannot be read back)
    this.el.dataset.samples = String(this.series.length);
  }

  private resize(): void {
    if (!this.el.isConnected) return;
    const width = Math.max(240, Math.floor(this.el.clientWidth));
    if (width !== this.plot.width) this.plot.setSize({ width, height: this.plot.height });
  }
}
