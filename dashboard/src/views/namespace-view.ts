import { fill, h, section } from '../dom';
import { deploymentRows } from '../model/deployment-rows';
import { hpaRows } from '../model/hpa-rows';
import { recentEvents } from '../model/event-rows';
import { countByPhase, PHASES, podKey } from '../model/pod-summary';
import { deploymentTable } from '../widgets/deployment-table';
import { eventTable } from '../widgets/event-table';
import { hpaTable } from '../widgets/hpa-table';
import { podTable } from '../widgets/pod-table';
import type { View } from './view';

/** One namespace: its pods, Deployments and events. */
export const namespaceView: View = {
  title: 'Namespace',
  matches: (r) => r.view === 'namespace',
  mount(root, route, ctx) {
    const ns = route.view === 'namespace' ? route.namespace : '';
    const head = h('div', { class: 'summary' });
    const pods = h('div');
    const deployments = h('div');
    const autoscalers = h('div');
    const events = h('div');
    fill(root, h('h1', null, 'Namespace ', h('code', null, ns)), head, section('Pods', pods), section('Deployments', deployments), section('Autoscalers', autoscalers), section('Events', events));
    return {
      update() {
        const { cluster } = ctx;
        const now = ctx.now();
        const exists = cluster.namespaces.list().find((n) => n.metadata?.name === ns);
        const list = cluster.pods.indexer
          .list()
          .filter((p) => p.metadata?.namespace === ns)
          .sort((a, b) => podKey(a).localeCompare(podKey(b), 'en', { numeric: true }));
        const phases = countByPhase(list);
        fill(
          head,
          h('div', { class: 'stat' }, h('b', null, exists?.status?.phase ?? (cluster.synced() ? 'not found' : '…'))),
          PHASES.map((p) => h('div', { class: `stat phase ${p}` }, h('b', null, phases[p]), ` ${p}`)),
        );
        fill(pods, podTable(list, now, { namespace: false }));
        fill(deployments, deploymentTable(deploymentRows(cluster.deployments.indexer.list(), ns)));
        fill(autoscalers, hpaTable(hpaRows(cluster.autoscalers.indexer.list(), ns), { namespace: false }));
        fill(events, eventTable(recentEvents(cluster.events.indexer.list(), 50, { namespace: ns }), now));
      },
    };
  },
};
