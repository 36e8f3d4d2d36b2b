import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { validateScaleSelector } from '../../../../shared/controllers/hpa/scale-selector';
import { HpaSelectorIndex } from '../../../../shared/controllers/hpa/hpa-selector-index';
import { PodLabelIndex } from '../../../../shared/controllers/hpa/pod-label-index';

const pod = (name: string, labels: Record<string, string>): Pod => ({ metadata: { name, namespace: 'ns', labels } });
const pods = [pod('a-1', { app: 'a' }), pod('b-1', { app: 'b' })];

describe('validateScaleSelector with selectors parsed once per text', () => {
  it('gives the same verdicts however often the same selectors are seen', () => {
    for (let round = 0; round < 3; round++) {
      const ok = validateScaleSelector('app=a', 'a', 'ns', pods, { b: 'app=b' });
      expect('pods' in ok && ok.pods.map((p) => p.metadata!.name)).toEqual(['a-1']);
      const ambiguous = validateScaleSelector('app=a', 'a', 'ns', pods, { b: 'app=b', c: 'app in (a,c)' });
      expect('eventReason' in ambiguous && ambiguous.eventReason).toBe('AmbiguousSelector');
    }
  });

  it('refuses a selector that does not parse every time, not only the first', () => {
    for (let round = 0; round < 2; round++) {
      const r = validateScaleSelector('app in (a', 'a', 'ns', pods);
      expect('eventReason' in r && r.eventReason).toBe('InvalidSelector');
    }
    // another HPA's unparsable selector selects nothing, every time
    for (let round = 0; round < 2; round++) expect('pods' in validateScaleSelector('app=a', 'a', 'ns', pods, { b: 'app in (a' })).toBe(true);
  });
});

describe('validateScaleSelector over indexes (what the controller passes: the view’s PodLabelIndex, the namespace’s HpaSelectorIndex)', () => {
  const cases: [string, string, Record<string, string | null>][] = [
    ['no overlap', 'app=a', { a: 'app=a', b: 'app=b' }],
    ['full overlap', 'app=a', { a: 'app=a', b: 'app=a' }],
    ['partial overlap through in', 'app=a', { a: 'app=a', c: 'app in (a,c)' }],
    ['overlap through a selector without an equality term', 'app=a', { a: 'app=a', d: 'app notin (b)' }],
    ['an unknown or broken selector is no overlap', 'app=a', { a: 'app=a', e: null, f: 'app in (a' }],
    ['no pods selected: never ambiguous', 'app=z', { a: 'app=z', b: 'app' }],
  ];
  it.each(cases)('%s: the same verdict as the plain lists', (_, selector, selectors) => {
    const plain = validateScaleSelector(selector, 'a', 'ns', pods, Object.fromEntries(Object.entries(selectors).filter(([n]) => n !== 'a')));
    const indexed = validateScaleSelector(selector, 'a', 'ns', new PodLabelIndex(pods), HpaSelectorIndex.of(selectors));
    expect(indexed).toEqual(plain);
  });

  it('names the HPAs that select the pods, sorted, as upstream’s message does', () => {
    const r = validateScaleSelector('app=a', 'a', 'ns', new PodLabelIndex(pods), HpaSelectorIndex.of({ a: 'app=a', z: 'app', c: 'app in (a,c)' }));
    expect('eventMessage' in r && r.eventMessage).toBe('pods by selector app=a are controlled by multiple HPAs: [ns/a ns/c ns/z]');
  });
});
