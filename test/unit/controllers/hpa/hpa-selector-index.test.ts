import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { HpaSelectorIndex } from '../../../../shared/controllers/hpa/hpa-selector-index';
import { matchesLabels, parseLabelSelector } from '../../../../shared/selectors';

const pod = (name: string, labels?: Record<string, string>): Pod => ({ metadata: { name, namespace: 'ns', ...(labels ? { labels } : {}) } });
const webPods = [pod('web-1', { app: 'web', tier: 'front' }), pod('web-2', { app: 'web', tier: 'front', canary: 'true' })];
const dbPods = [pod('db-1', { app: 'db', tier: 'back' })];
const barePods = [pod('bare')];

/** What upstream's check amounts to: every other HPA whose selector matches any of the pods. */
function bruteForce(selectors: Record<string, string | null>, pods: readonly Pod[], self: string): string[] {
  return Object.entries(selectors)
    .filter(([name, sel]) => {
      if (name === self || sel === null) return false;
      let reqs;
      try {
        reqs = parseLabelSelector(sel);
      } catch {
        return false;
      }
      return pods.some((p) => matchesLabels(reqs, p.metadata?.labels));
    })
    .map(([name]) => name)
    .sort();
}

const selectors: Record<string, string | null> = {
  web: 'app=web',
  front: 'tier=front',
  webOrDb: 'app in (web,db)',
  canary: 'canary',
  notWeb: 'app notin (web)',
  noApp: '!app',
  everything: '',
  unknown: null,
  broken: 'app in (web',
  webBack: 'app=web,tier=back',
};

describe('HpaSelectorIndex: the HPAs selecting some of a sync’s pods (upstream’s hpaSelectors)', () => {
  const rows: [string, readonly Pod[], string][] = [
    ['web pods, seen by the web HPA', webPods, 'web'],
    ['web pods, seen by another', webPods, 'other'],
    ['db pods', dbPods, 'webOrDb'],
    ['a pod without labels', barePods, 'web'],
    ['no pods', [], 'web'],
    ['every kind of pod', [...webPods, ...dbPods, ...barePods], 'everything'],
  ];
  it.each(rows)('%s: the same HPAs as checking every selector against every pod', (_, pods, self) => {
    expect([...HpaSelectorIndex.of(selectors).selecting(pods, self)].sort()).toEqual(bruteForce(selectors, pods, self));
  });

  it('a null or unparsable selector selects nothing; the HPA itself is never counted', () => {
    const got = HpaSelectorIndex.of(selectors).selecting([...webPods, ...dbPods, ...barePods], 'web');
    expect(got.has('unknown') || got.has('broken') || got.has('web')).toBe(false);
    expect(got.has('everything')).toBe(true);
  });

  it('follows puts and deletes: a changed selector is filed under its new labels only', () => {
    const index = HpaSelectorIndex.of({ a: 'app=web', b: 'app=db' });
    expect([...index.selecting(webPods, 'x')]).toEqual(['a']);
    index.put('a', 'app=db');
    expect([...index.selecting(webPods, 'x')]).toEqual([]);
    expect([...index.selecting(dbPods, 'x')].sort()).toEqual(['a', 'b']);
    index.put('b', null);
    expect([...index.selecting(dbPods, 'x')]).toEqual(['a']);
    index.delete('a');
    expect([...index.selecting(dbPods, 'x')]).toEqual([]);
    index.put('c', 'tier');
    index.put('c', 'tier');
    expect([...index.selecting(dbPods, 'x')]).toEqual(['c']);
    index.put('c', 'app in (web');
    expect([...index.selecting(dbPods, 'x')]).toEqual([]);
  });
});
