import type { Pod } from 'kubernetes-types/core/v1';
import { h } from '../dom';
import { cpu, memory } from '../model/format';
import type { ZoneGroup } from '../model/node-rows';
import { nodeLink } from './links';
import { meter } from './meter';
import { podDots } from './pod-table';

/** Nodes grouped by zone: per node its readiness, CPU and memory (requested / used / allocatable) and its pods. */
export function zoneCards(zones: readonly ZoneGroup[], podsOnNode: Map<string, Pod[]>): HTMLElement {
  if (zones.length === 0) return h('p', { class: 'empty' }, 'no nodes — create a NodePool (docs/node-pool.md)');
  return h(
    'div',
    { class: 'zones' },
    zones.map((z) =>
      h(
        'div',
        { class: 'zone', 'data-zone': z.zone },
        h('h3', null, z.zone, h('span', { class: 'muted' }, ` ${z.nodes.length} node${z.nodes.length === 1 ? '' : 's'}`)),
        z.nodes.map((n) =>
          h(
            'div',
            { class: `node ${n.ready ? 'ready' : 'not-ready'}`, 'data-node': n.name },
            h('div', { class: 'node-head' }, h('span', { class: 'status-dot', title: n.ready ? 'Ready' : 'NotReady' }), nodeLink(n.name), n.unschedulable ? h('span', { class: 'warning' }, ' cordoned') : null, h('span', { class: 'muted right' }, `${n.pods.count}/${n.pods.allocatable} pods`)),
            meter('CPU', n.cpu, cpu),
            meter('Mem', n.memory, memory),
            podDots(podsOnNode.get(n.name) ?? []),
          ),
        ),
      ),
    ),
  );
}
