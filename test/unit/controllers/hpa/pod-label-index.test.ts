import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { PodLabelIndex } from '../../../../shared/controllers/hpa/pod-label-index';
import { matchesLabels, parseLabelSelector } from '../../../../shared/selectors';

const pod = (name: string, labels?: Record<string, string>): Pod => ({ metadata: { name, namespace: 'ns', ...(labels ? { labels } : {}) } });
const pods = [
  pod('web-1', { app: 'web', tier: 'front' }),
  pod('db-1', { app: 'db', tier: 'back' }),
  pod('web-2', { app: 'web', tier: 'front', canary: 'true' }),
  pod('bare'),
  pod('cache-1', { app: 'cache', tier: 'back', version: '7' }),
  pod('web-3', { app: 'web' }),
];
const names = (ps: readonly Pod[]) => ps.map((p) => p.metadata!.name!);

describe('PodLabelIndex: a selector with an equality term looks only at the pods carrying its label', () => {
  const rows: [string, string[]][] = [
    ['app=web', ['web-1', 'web-2', 'web-3']],
    ['app==web,tier=front', ['web-1', 'web-2']],
    ['app in (db,cache)', ['db-1', 'cache-1']],
    ['app in (cache,db)', ['db-1', 'cache-1']],
    ['app=web,!canary', ['web-1', 'web-3']],
    ['tier=back,version>6', ['cache-1']],
    ['app=nothing', []],
    ['app=web,tier=back', []],
    // no equality term: every pod is checked
    ['canary', ['web-2']],
    ['!app', ['bare']],
    ['app notin (web)', ['db-1', 'bare', 'cache-1']],
    ['app!=web', ['db-1', 'bare', 'cache-1']],
    ['version<10', ['cache-1']],
    ['', names(pods)],
  ];
  it.each(rows)('%j selects %j, as filtering every pod does, in list order', (selector, want) => {
    const index = new PodLabelIndex(pods);
    const reqs = parseLabelSelector(selector);
    expect(names(index.select(reqs))).toEqual(want);
    expect(names(index.select(reqs))).toEqual(names(pods.filter((p) => matchesLabels(reqs, p.metadata?.labels))));
  });

  it('selects nothing for upstream’s Nothing() selector (null)', () => {
    expect(new PodLabelIndex(pods).select(null)).toEqual([]);
  });

  it('answers many selects from one index, the same as the first time', () => {
    const index = new PodLabelIndex(pods);
    for (let round = 0; round < 3; round++) for (const [sel, want] of rows) expect(names(index.select(parseLabelSelector(sel)))).toEqual(want);
  });
});
