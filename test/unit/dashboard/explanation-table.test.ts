import { describe, expect, it } from 'vitest';
import { explanationTable, statusFromAnnotations } from '../../../dashboard/src/model/explanation-table';

const AFFINITY = "node(s) didn't match Pod's node affinity/selector";
const TAINT = 'node(s) had untolerated taint {dedicated: gpu}';

describe('explanationTable', () => {
  it('one row per node, one column per filter plugin in framework order; the first rejecting plugin is named', () => {
    const t = explanationTable({
      selectedNode: null,
      filter: {
        'n-10': { NodeUnschedulable: 'passed', TaintToleration: TAINT },
        'n-2': { NodeUnschedulable: 'passed', TaintToleration: 'passed', NodeAffinity: AFFINITY },
        'n-3': { NodeUnschedulable: 'passed', TaintToleration: 'passed', NodeAffinity: AFFINITY },
      },
    });
    expect(t.filterPlugins).toEqual(['NodeUnschedulable', 'TaintToleration', 'NodeAffinity']);
    expect(t.filterRows.map((r) => [r.node, r.failedBy])).toEqual([
      ['n-2', 'NodeAffinity'],
      ['n-3', 'NodeAffinity'],
      ['n-10', 'TaintToleration'],
    ]);
    expect(t.filterRows[2]!.cells).toEqual(['passed', TAINT, '']);
    expect(t.failures).toEqual([
      { plugin: 'NodeAffinity', nodes: 2 },
      { plugin: 'TaintToleration', nodes: 1 },
    ]);
    expect(t.scoreRows).toEqual([]);
  });

  it('scores: final scores per plugin, best total first, the selected node marked', () => {
    const t = explanationTable({
      selectedNode: 'b',
      filter: { a: { NodeAffinity: 'passed' }, b: { NodeAffinity: 'passed' } },
      scores: { a: { ImageLocality: 0 }, b: { ImageLocality: 0 } },
      finalScores: { a: { NodeResourcesFit: 50, ImageLocality: 0 }, b: { NodeResourcesFit: 80, ImageLocality: 10 } },
    });
    expect(t.scorePlugins).toEqual(['NodeResourcesFit', 'ImageLocality']);
    expect(t.scoreRows).toEqual([
      { node: 'b', cells: [80, 10], total: 90, selected: true },
      { node: 'a', cells: [50, 0], total: 50, selected: false },
    ]);
    expect(t.failures).toEqual([]);
  });

  it("reads the scheduler's annotations on a bound pod; none or malformed is undefined", () => {
    const p = 'kube-scheduler-simulator.sigs.k8s.io/';
    expect(
      statusFromAnnotations({ [`${p}filter-result`]: '{"a":{"NodeAffinity":"passed"}}', [`${p}finalscore-result`]: '{"a":{"X":3}}', [`${p}selected-node`]: 'a' }),
    ).toEqual({ filter: { a: { NodeAffinity: 'passed' } }, scores: undefined, finalScores: { a: { X: 3 } }, selectedNode: 'a' });
    // the scheduler writes scores as strings, as the simulator does (shared/scheduler/explain.ts): totals are sums, not concatenations
    const written = statusFromAnnotations({ [`${p}filter-result`]: '{"a":{},"b":{}}', [`${p}finalscore-result`]: '{"a":{"X":"300","Y":"91"},"b":{"X":"300","Y":"89"}}', [`${p}selected-node`]: 'a' })!;
    expect(written.finalScores).toEqual({ a: { X: 300, Y: 91 }, b: { X: 300, Y: 89 } });
    expect(explanationTable(written).scoreRows.map((r) => [r.node, r.total])).toEqual([
      ['a', 391],
      ['b', 389],
    ]);
    expect(statusFromAnnotations({})).toBeUndefined();
    expect(statusFromAnnotations({ [`${p}filter-result`]: '{not json' })).toBeUndefined();
  });
});
