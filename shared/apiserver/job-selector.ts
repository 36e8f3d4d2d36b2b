import type { KubeObject } from '../api/object';

/** Labels upstream's Job strategy puts on a Job's pod template and selector (batch/v1, 1.27+). */
const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
const JOB_NAME = 'batch.kubernetes.io/job-name';
const LEGACY_CONTROLLER_UID = 'controller-uid';
const LEGACY_JOB_NAME = 'job-name';

/**
 * A Job without `manualSelector: true` gets a selector on its own uid and matching template labels
 * (upstream's generateSelector in PrepareForCreate), so its pods can never be confused with another's.
 */
export function generateJobSelector(job: KubeObject): KubeObject {
  const spec = (job.spec ?? {}) as { manualSelector?: boolean; selector?: unknown; template?: { metadata?: { labels?: Record<string, string> } } };
  if (spec.manualSelector) return job;
  const uid = job.metadata?.uid ?? '';
  const name = job.metadata?.name ?? '';
  const template = spec.template ?? {};
  const labels = {
    ...(template.metadata?.labels ?? {}),
    [CONTROLLER_UID]: uid,
    [JOB_NAME]: name,
    [LEGACY_CONTROLLER_UID]: uid,
    [LEGACY_JOB_NAME]: name,
  };
  return {
    ...job,
    spec: {
      ...spec,
      selector: { matchLabels: { [CONTROLLER_UID]: uid } },
      template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
    },
  };
}
