import type { Job } from 'kubernetes-types/batch/v1';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { newControllerRef } from '../owner-refs';
import { podPrefix } from '../replica-set-reconciler';
import { COMPLETION_INDEX, COMPLETION_INDEX_ENV, INDEX_FAILURE_COUNT, INDEX_IGNORED_FAILURE_COUNT, JOB_TRACKING_FINALIZER } from './job-constants';

/** names.MaxGeneratedNameLength: 63 less the 5 random characters. */
const MAX_GENERATED_NAME_LENGTH = 58;

/** What differs between pods of one Job: the completion index and the failures its index had before. */
export interface JobPodOptions {
  index?: number;
  indexFailures?: { failures: number; ignored: number };
}

/**
 * The pod manageJob creates: the template with the tracking finalizer and the Job as controller;
 * in Indexed mode also the completion index (annotation, label, JOB_COMPLETION_INDEX env),
 * hostname `<job>-<index>` and generateName `<job>-<index>-`.
 */
export function jobPod(job: Job, opts: JobPodOptions = {}): Pod {
  const tmpl = structuredClone(job.spec?.template ?? {});
  const meta = tmpl.metadata ?? {};
  const name = job.metadata?.name ?? '';
  const spec = tmpl.spec ?? { containers: [] };
  const annotations = { ...(meta.annotations ?? {}) };
  const labels = { ...(meta.labels ?? {}) };
  let generateName = podPrefix(name);
  if (opts.index !== undefined) {
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) addCompletionIndexEnv(c);
    annotations[COMPLETION_INDEX] = String(opts.index);
    labels[COMPLETION_INDEX] = String(opts.index);
    spec.hostname = `${name}-${opts.index}`;
    generateName = generateNameWithIndex(name, opts.index);
    if (opts.indexFailures) {
      annotations[INDEX_FAILURE_COUNT] = String(opts.indexFailures.failures);
      if (opts.indexFailures.ignored > 0) annotations[INDEX_IGNORED_FAILURE_COUNT] = String(opts.indexFailures.ignored);
    }
  }
  const finalizers = [...(meta.finalizers ?? [])];
  if (!finalizers.includes(JOB_TRACKING_FINALIZER)) finalizers.push(JOB_TRACKING_FINALIZER);
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName,
      namespace: job.metadata?.namespace,
      labels,
      finalizers,
      ownerReferences: [newControllerRef(job, 'batch/v1', 'Job')],
    },
    spec,
  };
  if (Object.keys(annotations).length) pod.metadata!.annotations = annotations;
  return pod;
}

/** podGenerateNameWithIndex: `<job>-<index>-`, the job name cut so the whole fits 58 characters. */
function generateNameWithIndex(job: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = job + suffix;
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? job.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix : prefix;
}

/** addCompletionIndexEnvVariable: JOB_COMPLETION_INDEX from the index annotation, unless the container sets it. */
function addCompletionIndexEnv(c: Container): void {
  if ((c.env ?? []).some((e) => e.name === COMPLETION_INDEX_ENV)) return;
  c.env = [...(c.env ?? []), { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } } }];
}
