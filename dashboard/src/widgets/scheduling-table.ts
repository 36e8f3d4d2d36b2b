import { h, table } from '../dom';
import { explanationTable, PASSED, type ExplanationStatus } from '../model/explanation-table';
import { nodeLink } from './links';

/**
 * The scheduler's filter table (one row per node, one column per filter plugin; the plugin that rejected a node is
 * red and names its reason) and score table (normalized × weight per plugin, best node first).
 */
export function schedulingTables(status: ExplanationStatus): HTMLElement {
  const t = explanationTable(status);
  const verdict = status.selectedNode
    ? h('p', { class: 'verdict ok' }, 'Selected node: ', nodeLink(status.selectedNode), status.message ? h('span', { class: 'muted' }, ` — ${status.message}`) : null)
    : h('p', { class: 'verdict failed' }, status.message ?? 'no node fits');
  const failures = t.failures.length
    ? h('p', { class: 'failures' }, 'Rejected by: ', t.failures.map((f, i) => [i ? ', ' : '', h('b', { class: 'failing-filter' }, f.plugin), ` (${f.nodes} node${f.nodes === 1 ? '' : 's'})`]))
    : null;
  const filterTable = table(
    ['Node', ...t.filterPlugins],
    t.filterRows.map((r) => [
      nodeLink(r.node),
      ...r.cells.map((c, i) =>
        c === PASSED ? h('span', { class: 'pass', title: `${t.filterPlugins[i]}: passed` }, '✓') : c ? h('span', { class: 'fail', 'data-plugin': t.filterPlugins[i] }, c) : h('span', { class: 'muted', title: 'not run: an earlier filter rejected the node' }, '·'),
      ),
    ]),
    'no nodes were evaluated',
    { class: 'filter-table' },
  );
  const scoreTable = t.scoreRows.length
    ? table(
        ['Node', ...t.scorePlugins, 'Total'],
        t.scoreRows.map((r) => [r.selected ? h('b', null, nodeLink(r.node), ' ★') : nodeLink(r.node), ...r.cells.map((c) => (c === undefined ? '' : String(c))), h('b', null, String(r.total))]),
        '',
        { class: 'score-table' },
      )
    : null;
  return h('div', { class: 'scheduling' }, verdict, failures, h('h3', null, 'Filter'), filterTable, scoreTable ? [h('h3', null, 'Score'), scoreTable] : null);
}
