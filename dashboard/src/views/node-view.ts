import { fill, h, section, table } from '../dom';
import { recentEvents } from '../model/event-rows';
import { cpu, memory } from '../model/format';
import { nodeRows } from '../model/node-rows';
import { podsByNode } from '../model/pod-summary';
import { since } from '../../../shared/tables/timestamps';
import { eventTable } from '../widgets/event-table';
import { meter } from '../widgets/meter';
import { podTable } from '../widgets/pod-table';
import type { View } from './view';

/** One node: capacity against requests and usage, labels, taints, conditions, its pods and events. */
export const nodeView: View = {
  title: 'Node',
  matches: (r) => r.view === 'node',
  mount(root, route, ctx) {
    const name = route.view === 'node' ? route.node : '';
    const body = h('div');
    fill(root, h('h1', null, 'Node ', h('code', null, name)), body);
    return {
      update() {
        const { cluster } = ctx;
        const now = ctx.now();
        const node = cluster.nodes.indexer.list().find((n) => n.metadata?.name === name);
        if (!node) return fill(body, h('p', { class: 'empty' }, cluster.synced() ? `node ${name} not found` : 'loading…'));
        const pods = cluster.pods.indexer.list();
        const row = nodeRows([node], pods, cluster.nodeUsage)[0]!;
        const labels = Object.entries(node.metadata?.labels ?? {}).map(([k, v]) => h('span', { class: 'chip' }, `${k}=${v}`));
        const taints = (node.spec?.taints ?? []).map((t) => h('span', { class: 'chip warning' }, `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`));
        fill(
          body,
          h('div', { class: 'summary' }, h('div', { class: 'stat' }, h('b', null, row.ready ? 'Ready' : 'NotReady')), h('div', { class: 'stat' }, 'zone ', h('b', null, row.zone)), h('div', { class: 'stat' }, h('b', null, `${row.pods.count}/${row.pods.allocatable}`), ' pods'), h('div', { class: 'stat' }, 'podCIDR ', h('b', null, node.spec?.podCIDR ?? '—')), h('div', { class: 'stat' }, 'age ', h('b', null, since(node.metadata?.creationTimestamp, now)))),
          section('Resources', h('div', { class: 'meters' }, meter('CPU', row.cpu, cpu), meter('Mem', row.memory, memory))),
          section('Labels', h('div', { class: 'chips' }, labels), taints.length ? h('div', { class: 'chips' }, h('b', null, 'Taints '), taints) : null),
          section(
            'Conditions',
            table(
              ['Type', 'Status', 'Reason', 'Last heartbeat', 'Message'],
              (node.status?.conditions ?? []).map((c) => [c.type, c.status, c.reason ?? '', since(c.lastHeartbeatTime, now), c.message ?? '']),
            ),
          ),
          section('Pods', podTable(podsByNode(pods).get(name) ?? [], now, { node: false })),
          section('Events', eventTable(recentEvents(cluster.events.indexer.list(), 30, { involved: { kind: 'Node', name } }), now)),
        );
      },
    };
  },
};
