import { describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../../shared/apiserver/change-notice';
import { kubeletHearsNode } from '../../../shared/controllers/node-update-filters';
import { NodesWithoutKubelet } from '../../../shared/controllers/nodes-without-kubelet';

const POOL = { 'kubeflare.dev/node-pool': 'small' };

function node(name: string, type: ChangeNotice['type'], labels?: Record<string, string>, writers?: string[]): ChangeNotice {
  const n: ChangeNotice = { resource: 'nodes', type, name, uid: `uid-${name}`, resourceVersion: '1' };
  if (labels) n.labels = labels;
  if (writers) n.changed = { parts: ['status'], writers };
  return n;
}

/** A tracker after `notices`, then `reads` (nodes a read found without the label). */
function after(notices: ChangeNotice[], reads: string[] = []): NodesWithoutKubelet {
  const t = new NodesWithoutKubelet();
  for (const n of notices) t.observe(n);
  for (const r of reads) t.readBare(r);
  return t;
}

describe('NodesWithoutKubelet: the nodes whose pods a kubelet shard drops on their notice', () => {
  it.each([
    // [what the shard heard, node asked, runs no kubelet]
    ['a bare node added', [node('n1', 'ADDED')], [], 'n1', true],
    ['a pool node added', [node('n1', 'ADDED', POOL)], [], 'n1', false],
    ['never heard of (a pool node whose notice is still on its way): kept', [], [], 'n1', false],
    ['another node added bare', [node('n2', 'ADDED')], [], 'n1', false],
    ['bare, then deleted', [node('n1', 'ADDED'), node('n1', 'DELETED')], [], 'n1', false],
    ['bare, deleted, back in a pool', [node('n1', 'ADDED'), node('n1', 'DELETED'), node('n1', 'ADDED', POOL)], [], 'n1', false],
    ['pool, deleted, back bare', [node('n1', 'ADDED', POOL), node('n1', 'DELETED'), node('n1', 'ADDED')], [], 'n1', true],
    ['bare, then labelled into a pool (its update)', [node('n1', 'ADDED'), node('n1', 'MODIFIED', POOL, ['kubectl'])], [], 'n1', false],
    // a lost DELETED: a pool node heard of stays one, whatever comes after without the label
    ['pool, then added bare (its deletion lost)', [node('n1', 'ADDED', POOL), node('n1', 'ADDED')], [], 'n1', false],
    ['an update without the label says nothing', [node('n1', 'MODIFIED')], [], 'n1', false],
    ['a read found it bare', [], ['n1'], 'n1', true],
    // the label heard before or after a read that found none: the label wins (the read was older)
    ['labelled, then a stale read', [node('n1', 'MODIFIED', POOL, ['kubectl'])], ['n1'], 'n1', false],
    ['only other resources heard', [{ ...node('n1', 'ADDED'), resource: 'pods' }], [], 'n1', false],
  ])('%s', (_, notices, reads, asked, bare) => {
    expect(after(notices, reads).runsNoKubelet(asked)).toBe(bare);
  });

  it('a stale read after the label was heard does not make it bare, in either order', () => {
    const t = new NodesWithoutKubelet();
    t.readBare('n1');
    expect(t.runsNoKubelet('n1')).toBe(true);
    t.observe(node('n1', 'MODIFIED', POOL, ['kubectl']));
    expect(t.runsNoKubelet('n1')).toBe(false);
    t.readBare('n1');
    expect(t.runsNoKubelet('n1')).toBe(false);
  });
});

describe('kubeletHearsNode: which node notices reach the kubelet shard', () => {
  it.each([
    ['a pool node added', node('n1', 'ADDED', POOL), true],
    ['a pool node deleted', node('n1', 'DELETED', POOL), true],
    ['a pool node updated by someone else', node('n1', 'MODIFIED', POOL, ['node-lifecycle-controller/status']), true],
    ['a pool node updated by its kubelet alone', node('n1', 'MODIFIED', POOL, ['kubelet/status']), false],
    ['a bare node added (its pods have no kubelet)', node('n1', 'ADDED'), true],
    ['a bare node deleted', node('n1', 'DELETED'), true],
    ['a bare node updated (node lifecycle taints it)', node('n1', 'MODIFIED', undefined, ['node-lifecycle-controller']), false],
  ])('%s', (_, n, heard) => {
    expect(kubeletHearsNode(n)).toBe(heard);
  });
});
