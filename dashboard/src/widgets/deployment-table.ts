import { h, table } from '../dom';
import type { DeploymentRow } from '../model/deployment-rows';
import { namespaceLink } from './links';
import { progress } from './meter';

/** Deployments with their rollout: updated and available replicas against desired, and what is stuck. */
export function deploymentTable(rows: readonly DeploymentRow[]): HTMLElement {
  return table(
    ['Namespace', 'Name', 'Ready', 'Up-to-date', 'Available', 'Rollout'],
    rows.map((d) => [
      namespaceLink(d.namespace),
      d.name,
      `${d.ready}/${d.desired}`,
      d.updated,
      d.available,
      h(
        'span',
        { class: 'rollout' },
        progress(Math.min(d.updated, d.available), d.desired, d.complete ? 'done' : 'rolling'),
        d.problem ? h('span', { class: 'warning' }, d.problem) : d.complete ? h('span', { class: 'muted' }, 'complete') : h('span', null, 'rolling out'),
      ),
    ]),
    'no deployments',
    { class: 'deployments' },
  );
}
