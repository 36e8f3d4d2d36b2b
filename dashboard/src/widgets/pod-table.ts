import type { Pod } from 'kubernetes-types/core/v1';
import { h, table } from '../dom';
import { podPhase, podStatusWord, readyCount, restartCount } from '../model/pod-summary';
import { since } from '../../../shared/tables/timestamps';
import { namespaceLink, nodeLink, podLink } from './links';

/** Pods as `kubectl get pods -o wide` lists them, each linking to its pod view (scheduler table included). */
export function podTable(pods: readonly Pod[], now: number, opts: { namespace?: boolean; node?: boolean } = {}): HTMLElement {
  const { namespace = true, node = true } = opts;
  const headers = [...(namespace ? ['Namespace'] : []), 'Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', ...(node ? ['Node'] : [])];
  const rows = pods.map((p) => {
    const ns = p.metadata?.namespace ?? '';
    const name = p.metadata?.name ?? '';
    const n = p.spec?.nodeName;
    return [
      ...(namespace ? [namespaceLink(ns)] : []),
      podLink(ns, name),
      readyCount(p),
      h('span', { class: `phase ${podPhase(p)}` }, podStatusWord(p)),
      restartCount(p),
      since(p.metadata?.creationTimestamp, now),
      p.status?.podIP ?? '',
      ...(node ? [n ? nodeLink(n) : h('span', { class: 'muted' }, 'not scheduled')] : []),
    ];
  });
  return table(headers, rows, 'no pods', { class: 'pods' });
}

/** One dot per pod, coloured by phase, linking to it: many pods at a glance on a node card. */
export function podDots(pods: readonly Pod[]): HTMLElement {
  return h(
    'div',
    { class: 'dots' },
    pods.map((p) => {
      const ns = p.metadata?.namespace ?? '';
      const name = p.metadata?.name ?? '';
      return h('a', { class: `dot ${podPhase(p)}`, href: `#/pod/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`, title: `${ns}/${name}: ${podStatusWord(p)}`, 'data-pod': `${ns}/${name}` });
    }),
  );
}
