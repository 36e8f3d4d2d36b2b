import { ApiError } from '../../../shared/api/errors';
import { CLUSTER_CLOCK_NAME, type ClusterClockObject } from '../../../shared/clock/clock-object';
import { h } from '../dom';
import { askedSpeed, clusterTimeText, paceText, speedOptions, STEPS } from '../model/clock-display';
import { CLUSTER_CLOCKS, type LiveCluster } from '../live-cluster';

/**
 * The cluster clock in the header: cluster time and pace, and its controls — speed, pause (stepped mode) and a
 * step forward — each a merge patch of the ClusterClock `cluster` with the page's token (as `kubectl patch
 * clusterclock cluster --type=merge -p '{"spec":{…}}'`), or its creation while the cluster still runs at real
 * time without one. The controls are built once and only their values
 * change, so an open drop-down is not closed by the next redraw.
 */
export class ClockBar {
  readonly el: HTMLElement;
  private readonly time = h('span', { id: 'clock-time', class: 'clock-time' });
  private readonly pace = h('span', { id: 'clock-pace', class: 'muted' });
  private readonly speed = h('select', { id: 'clock-speed', title: 'cluster seconds per wall second', onchange: () => void this.write({ speed: Number(this.speed.value) }) });
  private readonly pause = h('button', { id: 'clock-pause', type: 'button', onclick: () => void this.write({ paused: !this.cluster.clockState().paused }) });
  private readonly step = h('select', { id: 'clock-step', title: 'how far a step moves cluster time' }, STEPS.map((s) => h('option', { value: s }, `+${s}`)));
  private readonly advance = h('button', { id: 'clock-advance', type: 'button', onclick: () => void this.write({ advance: this.step.value }) }, 'Step');
  private readonly error = h('span', { id: 'clock-error', class: 'warning' });
  private writing = false;

  constructor(private readonly cluster: LiveCluster) {
    this.el = h('div', { id: 'clock', class: 'clock' }, this.time, this.pace, this.speed, this.pause, this.step, this.advance, this.error);
  }

  update(): void {
    // before the first list the page does not know the pace; without a ClusterClock the cluster runs at real time
    this.el.hidden = !this.cluster.clocks.hasSynced();
    if (this.el.hidden) return;
    const clock = this.cluster.clock();
    const state = this.cluster.clockState();
    const asked = askedSpeed(clock?.spec, state.speed);
    this.time.textContent = clusterTimeText(this.cluster.now());
    this.pace.textContent = paceText(state, asked);
    // why it runs slower than asked, in the server's words
    this.pace.title = clock?.status?.message ?? '';
    this.el.dataset.paused = String(state.paused);
    this.el.dataset.speed = String(state.speed);
    if (document.activeElement !== this.speed) {
      const options = speedOptions(asked);
      if (this.speed.options.length !== options.length || [...this.speed.options].some((o, i) => Number(o.value) !== options[i])) {
        this.speed.replaceChildren(...options.map((s) => h('option', { value: s }, `×${s}`)));
      }
      this.speed.value = String(asked);
    }
    this.pause.textContent = state.paused ? 'Run' : 'Pause';
    this.pause.title = state.paused ? 'run cluster time again at the chosen speed' : 'stepped mode: cluster time moves only by steps';
    for (const c of [this.speed, this.pause, this.advance]) c.disabled = this.writing;
  }

  /** One write to the clock, shown from the server's answer; a refusal is shown as the server words it. */
  private async write(spec: { speed: number } | { paused: boolean } | { advance: string }): Promise<void> {
    this.writing = true;
    this.error.textContent = '';
    this.update();
    const clocks = this.cluster.client.resource<ClusterClockObject>(CLUSTER_CLOCKS);
    try {
      // a cluster that has always run at real time has no clock object yet: the first write creates it
      const create = () => clocks.create({ apiVersion: 'kubeflare.dev/v1alpha1', kind: 'ClusterClock', metadata: { name: CLUSTER_CLOCK_NAME }, spec });
      const patch = () => clocks.patch(CLUSTER_CLOCK_NAME, 'merge', { spec });
      let written: ClusterClockObject;
      try {
        written = await (this.cluster.clock() ? patch() : create());
      } catch (e) {
        // someone else created or deleted it since the last list
        if (!(e instanceof ApiError && (e.code === 404 || e.code === 409))) throw e;
        written = await (e.code === 404 ? create() : patch());
      }
      this.cluster.clocks.put(written);
    } catch (e) {
      this.error.textContent = e instanceof Error ? e.message : String(e);
    } finally {
      this.writing = false;
      this.update();
    }
  }
}
