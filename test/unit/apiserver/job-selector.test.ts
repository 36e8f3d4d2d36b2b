import { describe, expect, it } from 'vitest';
import { generateJobSelector } from '../../../shared/apiserver/job-selector';

describe('generateJobSelector', () => {
  const job = {
    metadata: { name: 'pi', uid: 'u-1' },
    spec: { template: { metadata: { labels: { app: 'pi' } }, spec: { containers: [] } } },
  };

  it('selects on the controller uid and labels the template with uid and job name', () => {
    const out = generateJobSelector(job) as any;
    expect(out.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    expect(out.spec.template.metadata.labels).toEqual({
      app: 'pi',
      'batch.kubernetes.io/controller-uid': 'u-1',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'u-1',
      'job-name': 'pi',
    });
  });

  it('leaves a manual selector alone', () => {
    const manual = { ...job, spec: { ...job.spec, manualSelector: true, selector: { matchLabels: { app: 'pi' } } } };
    expect(generateJobSelector(manual)).toBe(manual);
  });
});
