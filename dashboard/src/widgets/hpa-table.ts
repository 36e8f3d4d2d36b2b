import { h, table } from '../dom';
import { hpaReplicasCell, type HpaRow } from '../model/hpa-rows';
import { namespaceLink } from './links';

/** HPAs as `kubectl get hpa` lists them, replicas as current → desired, each linking to its charts. */
export function hpaTable(rows: readonly HpaRow[], opts: { namespace?: boolean } = {}): HTMLElement {
  const { namespace = true } = opts;
  return table(
    [...(namespace ? ['Namespace'] : []), 'Name', 'Reference', 'Targets', 'Min', 'Max', 'Replicas'],
    rows.map((r) => {
      const replicas = hpaReplicasCell(r);
      return [
      ...(namespace ? [namespaceLink(r.namespace)] : []),
      h('a', { href: '#/autoscalers' }, r.name),
      r.reference,
      r.targets,
      r.min,
      r.max,
      h('span', { class: replicas.warning ? 'warning' : undefined, title: replicas.title }, replicas.text),
      ];
    }),
    'no autoscalers',
    { class: 'hpas' },
  );
}
