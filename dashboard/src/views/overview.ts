import { fill, h, section } from '../dom';
import { deploymentRows } from '../model/deployment-rows';
import { hpaRows } from '../model/hpa-rows';
import { recentEvents } from '../model/event-rows';
import { cpu } from '../model/format';
import { groupByZone, nodeRows } from '../model/node-rows';
import { countByPhase, PHASES, podsByNode } from '../model/pod-summary';
import { TimeSeriesChart } from '../widgets/time-series-chart';
import { deploymentTable } from '../widgets/deployment-table';
import { eventTable } from '../widgets/event-table';
import { hpaTable } from '../widgets/hpa-table';
import { throttleTable } from '../widgets/throttle-table';
import { namespaceLink } from '../widgets/links';
import { podTable } from '../widgets/pod-table';
import { zoneCards } from '../widgets/zone-cards';
import type { View } from './view';

/** The cluster at a glance: nodes by zone, pods by phase and node, rollouts, events, and their history. */
export const overview: View = {
  title: 'Cluster',
  nav: { href: '#/' },
  matches: (r) => r.view === 'overview',
  mount(root, _route, ctx) {
    const release = ctx.throttling.want();
    const podsChart = new TimeSeriesChart(ctx.history.pods, { title: 'Pods by phase', colors: ['#2e9e5b', '#d9a400', '#d64545'] });
    const cpuChart = new TimeSeriesChart(ctx.history.cpu, { title: 'Cluster CPU (cores)', colors: ['#4a78c2', '#e07b39', '#9aa5b1'], format: (v) => cpu(v) });
    const summary = h('div', { class: 'summary' });
    const zones = h('div');
    const pending = h('div');
    const deployments = h('div');
    const autoscalers = h('div');
    const throttled = h('div');
    const events = h('div');
    const namespaces = h('div', { class: 'chips' });
    fill(
      root,
      summary,
      h('div', { class: 'charts' }, podsChart.el, cpuChart.el),
      section('Nodes by zone', zones),
      section('Pods waiting for a node', pending),
      section('Deployments', deployments),
      section('Autoscalers', autoscalers),
      section('Most throttled pods (CPU)', throttled),
      section('Events', events),
      section('Namespaces', namespaces),
    );
    return {
      update() {
        const { cluster } = ctx;
        const now = ctx.now();
        const nodes = cluster.nodes.indexer.list();
        const pods = cluster.pods.indexer.list();
        const byNode = podsByNode(pods);
        const rows = nodeRows(nodes, pods, cluster.nodeUsage);
        const phases = countByPhase(pods);
        fill(
          summary,
          h('div', { class: 'stat' }, h('b', null, `${rows.filter((r) => r.ready).length}/${rows.length}`), ' nodes ready'),
          PHASES.map((p) => h('div', { class: `stat phase ${p}`, 'data-phase': p }, h('b', null, phases[p]), ` ${p}`)),
          h('div', { class: 'stat' }, h('b', null, cluster.deployments.indexer.list().length), ' deployments'),
        );
        fill(zones, zoneCards(groupByZone(rows), byNode));
        fill(pending, podTable(byNode.get('') ?? [], now, { node: false }));
        fill(deployments, deploymentTable(deploymentRows(cluster.deployments.indexer.list())));
        fill(autoscalers, hpaTable(hpaRows(cluster.autoscalers.indexer.list())));
        const t = ctx.throttling;
        fill(throttled, t.lastError ? h('p', { class: 'warning' }, `/metrics: ${t.lastError}`) : throttleTable(t.top(10), t.pods.size ? `none of the ${t.pods.size} pods with a CPU limit is throttled` : 'no pod has a CPU limit'));
        fill(events, eventTable(recentEvents(cluster.events.indexer.list(), 30), now));
        const names = cluster.namespaces
          .list()
          .map((n) => n.metadata?.name ?? '')
          .sort();
        fill(namespaces, names.map((n) => namespaceLink(n)));
        podsChart.update();
        cpuChart.update();
      },
      unmount() {
        release();
        podsChart.dispose();
        cpuChart.dispose();
      },
    };
  },
};
