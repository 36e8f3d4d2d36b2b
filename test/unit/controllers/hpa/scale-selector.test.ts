import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { validateScaleSelector } from '../../../../shared/controllers/hpa/scale-selector';

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
