// Rows of upstream's TestControllerSyncJob and TestSyncJobPastDeadline (pkg/controller/job/job_controller_test.go),
// with the 1.32 default gates (JobPodReplacementPolicy, JobManagedBy: interim FailureTarget / SuccessCriteriaMet).
// Upstream counts finished pods and removes their finalizers in one sync; reconcileJob records them in
// uncountedTerminatedPods and moves them to the counters on the next sync, so `sync` runs it twice when the
// first pass removed finalizers: actions (creates, deletes, patches) come from the first pass, status from the second.
import { describe, expect, it } from 'vitest';
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { Action } from '../../../../shared/controllers/actions';
import { reconcileJob, type BackoffRecord, type JobResult } from '../../../../shared/controllers/job';

const NOW = Date.UTC(2024, 0, 1, 12);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const FINALIZER = 'batch.kubernetes.io/job-tracking';

interface Row {
  parallelism: number;
  completions: number; // -1: unset (work queue)
  backoffLimit?: number;
  completionMode?: 'Indexed';
  podReplacementPolicy?: 'Failed' | 'TerminatingOrFailed';
  podFailurePolicy?: object;
  deleting?: boolean;
  suspend?: boolean;
  pendingPods?: number;
  activePods?: number;
  readyPods?: number;
  succeededPods?: number;
  failedPods?: number;
  terminatingPods?: number;
  podsWithIndexes?: [string, 'Pending' | 'Running' | 'Succeeded' | 'Failed'][];
  backoff?: BackoffRecord;
  initialStatus?: { active?: number; succeeded?: number; failed?: number };
  expect: {
    creations?: number;
    deletions?: number;
    active?: number;
    ready?: number;
    succeeded?: number;
    failed?: number;
    terminating?: number;
    podPatches?: number;
    completedIndexes?: string;
    createdIndexes?: number[];
    conditions?: [type: string, reason?: string][];
  };
}

function makeJob(r: Row): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'foobar', namespace: 'default', uid: 'job-uid', resourceVersion: '1', ...(r.deleting ? { deletionTimestamp: iso(NOW) } : {}) },
    spec: {
      parallelism: r.parallelism,
      ...(r.completions >= 0 ? { completions: r.completions } : {}),
      backoffLimit: r.backoffLimit ?? 6,
      completionMode: r.completionMode ?? 'NonIndexed',
      suspend: r.suspend ?? false,
      podReplacementPolicy: r.podReplacementPolicy ?? (r.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed'),
      ...(r.podFailurePolicy ? { podFailurePolicy: r.podFailurePolicy as never } : {}),
      selector: { matchLabels: { foo: 'bar' } },
      template: { metadata: { labels: { foo: 'bar' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
    },
    status: { ...(r.initialStatus ?? {}) },
  };
}

function makePods(r: Row): Pod[] {
  let n = 0;
  const pod = (phase: string, extra: Partial<Pod['metadata']> = {}, index?: string): Pod => {
    n++;
    return {
      metadata: {
        name: `pod-${n}`, namespace: 'default', uid: `pod-uid-${n}`, labels: { foo: 'bar' }, finalizers: [FINALIZER],
        creationTimestamp: iso(NOW - 60_000 + n * 1000),
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'foobar', uid: 'job-uid', controller: true }],
        ...(index !== undefined ? { annotations: { 'batch.kubernetes.io/job-completion-index': index } } : {}),
        ...extra,
      },
      spec: { containers: [{ name: 'c' }], nodeName: 'node' },
      status: {
        phase: phase as never,
        ...(phase === 'Succeeded' || phase === 'Failed'
          ? { containerStatuses: [{ name: 'c', image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: phase === 'Failed' ? 1 : 0, finishedAt: iso(NOW - 10_000) } } }] }
          : {}),
      },
    };
  };
  const pods: Pod[] = [];
  for (let i = 0; i < (r.pendingPods ?? 0); i++) pods.push(pod('Pending'));
  for (let i = 0; i < (r.activePods ?? 0); i++) {
    const p = pod('Running');
    if (i < (r.readyPods ?? 0)) p.status!.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: iso(NOW - 30_000) }];
    pods.push(p);
  }
  for (let i = 0; i < (r.succeededPods ?? 0); i++) pods.push(pod('Succeeded'));
  for (let i = 0; i < (r.failedPods ?? 0); i++) pods.push(pod('Failed'));
  for (let i = 0; i < (r.terminatingPods ?? 0); i++) pods.push(pod('Running', { deletionTimestamp: iso(NOW) }));
  for (const [ix, phase] of r.podsWithIndexes ?? []) pods.push(pod(phase, {}, ix));
  return pods;
}

/** Applies the status update and finalizer removals of a first pass, the way the API server would. */
function afterFinalizers(job: Job, pods: Pod[], actions: Action[]): { job: Job; pods: Pod[] } {
  const status = actions.find((a) => a.kind === 'updateStatus');
  const removed = new Set(actions.filter((a) => a.kind === 'patch').map((a) => (a as { name: string }).name));
  return {
    job: status ? (status as { object: Job }).object : job,
    pods: pods.map((p) => (removed.has(p.metadata!.name!) ? { ...p, metadata: { ...p.metadata, finalizers: [] } } : p)),
  };
}

function sync(r: Row): { first: JobResult; status: Job['status'] } {
  const job = makeJob(r);
  const pods = makePods(r);
  const first = reconcileJob({ job, pods, now: NOW, backoff: r.backoff });
  let status = (first.actions.find((a) => a.kind === 'updateStatus') as { object: Job } | undefined)?.object.status ?? job.status;
  if (first.actions.some((a) => a.kind === 'patch')) {
    const next = afterFinalizers(job, pods, first.actions);
    const second = reconcileJob({ job: next.job, pods: next.pods, now: NOW, backoff: first.backoff });
    status = (second.actions.find((a) => a.kind === 'updateStatus') as { object: Job } | undefined)?.object.status ?? next.job.status;
  }
  return { first, status };
}

const rows: Record<string, Row> = {
  'job start': { parallelism: 2, completions: 5, expect: { creations: 2, active: 2, ready: 0 } },
  'WQ job start': { parallelism: 2, completions: -1, expect: { creations: 2, active: 2, ready: 0 } },
  'pending pods': { parallelism: 2, completions: 5, pendingPods: 2, expect: { active: 2, ready: 0 } },
  'correct # of pods': { parallelism: 3, completions: 5, activePods: 3, readyPods: 2, expect: { active: 3, ready: 2 } },
  'WQ job: correct # of pods': { parallelism: 2, completions: -1, activePods: 2, expect: { active: 2, ready: 0 } },
  'too few active pods': { parallelism: 2, completions: 5, activePods: 1, succeededPods: 1, expect: { creations: 1, active: 2, succeeded: 1, podPatches: 1, ready: 0 } },
  'WQ job: recreate pods when failed': {
    parallelism: 1, completions: -1, activePods: 1, failedPods: 1, podReplacementPolicy: 'Failed', terminatingPods: 1,
    expect: { terminating: 1, ready: 0, podPatches: 1, failed: 1, active: 1 },
  },
  'WQ job: turn on PodReplacementPolicy but not set PodReplacementPolicy': {
    parallelism: 1, completions: 1, activePods: 1, failedPods: 1, terminatingPods: 1,
    expect: { terminating: 1, ready: 0, active: 1, podPatches: 2, failed: 2 },
  },
  'WQ job: recreate pods when terminating or failed': {
    parallelism: 1, completions: -1, activePods: 1, failedPods: 1, podReplacementPolicy: 'TerminatingOrFailed', terminatingPods: 1,
    expect: { terminating: 1, ready: 0, active: 1, podPatches: 2, failed: 2 },
  },
  'more terminating pods than parallelism': {
    parallelism: 1, completions: 1, activePods: 2, terminatingPods: 4, podReplacementPolicy: 'Failed',
    expect: { terminating: 5, ready: 0, active: 1, deletions: 1, podPatches: 1 },
  },
  'more terminating pods than parallelism; PodFailurePolicy used': {
    parallelism: 1, completions: 1, activePods: 2, terminatingPods: 4, podFailurePolicy: { rules: [] },
    expect: { ready: 0, active: 1, deletions: 1, podPatches: 1 },
  },
  'too few active pods and active back-off': {
    parallelism: 1, completions: 1, backoff: { failuresAfterLastSuccess: 1, lastFailureTime: NOW }, initialStatus: {},
    expect: { creations: 0, active: 0, succeeded: 0, podPatches: 0, ready: 0 },
  },
  'too few active pods and no back-offs': {
    parallelism: 1, completions: 1, backoff: { failuresAfterLastSuccess: 0, lastFailureTime: NOW },
    expect: { creations: 1, active: 1, succeeded: 0, podPatches: 0, ready: 0 },
  },
  'too few active pods with a dynamic job': { parallelism: 2, completions: -1, activePods: 1, expect: { creations: 1, active: 2, ready: 0 } },
  'too many active pods': { parallelism: 2, completions: 5, activePods: 3, expect: { deletions: 1, active: 2, podPatches: 1, ready: 0, terminating: 1 } },
  'count ready pods when too many active pods': { parallelism: 2, completions: 5, activePods: 3, readyPods: 3, expect: { deletions: 1, active: 2, podPatches: 1, ready: 2 } },
  'failed + succeed pods: reset backoff delay': {
    parallelism: 2, completions: 5, activePods: 1, succeededPods: 1, failedPods: 1,
    expect: { creations: 1, active: 2, succeeded: 1, failed: 1, podPatches: 2, ready: 0 },
  },
  'new failed pod': { parallelism: 2, completions: 5, activePods: 1, failedPods: 1, expect: { creations: 1, active: 2, failed: 1, podPatches: 1, ready: 0 } },
  'no new pod; possible finalizer update of failed pod': {
    parallelism: 1, completions: 1, initialStatus: { active: 1, succeeded: 0, failed: 1 }, activePods: 1,
    expect: { creations: 0, active: 1, failed: 1, podPatches: 0, ready: 0 },
  },
  'job finish': {
    parallelism: 2, completions: 5, succeededPods: 5,
    expect: { succeeded: 5, podPatches: 5, ready: 0, conditions: [['SuccessCriteriaMet', 'CompletionsReached'], ['Complete', 'CompletionsReached']] },
  },
  'WQ job finishing': { parallelism: 2, completions: -1, activePods: 1, succeededPods: 1, expect: { active: 1, succeeded: 1, podPatches: 1, ready: 0 } },
  'WQ job all finished': {
    parallelism: 2, completions: -1, succeededPods: 2,
    expect: { succeeded: 2, podPatches: 2, ready: 0, conditions: [['SuccessCriteriaMet', 'CompletionsReached'], ['Complete', 'CompletionsReached']] },
  },
  'WQ job all finished despite one failure': {
    parallelism: 2, completions: -1, succeededPods: 1, failedPods: 1,
    expect: { succeeded: 1, failed: 1, podPatches: 2, ready: 0, conditions: [['SuccessCriteriaMet', 'CompletionsReached'], ['Complete', 'CompletionsReached']] },
  },
  'more active pods than parallelism': { parallelism: 2, completions: 5, activePods: 10, expect: { deletions: 8, active: 2, podPatches: 8, ready: 0 } },
  'more active pods than remaining completions': {
    parallelism: 3, completions: 4, activePods: 3, succeededPods: 2,
    expect: { deletions: 1, active: 2, succeeded: 2, podPatches: 3, ready: 0 },
  },
  'status change': { parallelism: 2, completions: 5, activePods: 2, succeededPods: 2, expect: { active: 2, succeeded: 2, podPatches: 2, ready: 0 } },
  'deleting job': {
    parallelism: 2, completions: 5, deleting: true, pendingPods: 1, activePods: 1, succeededPods: 1,
    expect: { active: 2, succeeded: 1, podPatches: 3, ready: 0 },
  },
  'too many job failures': {
    parallelism: 2, completions: 5, backoffLimit: 0, deleting: true, failedPods: 1,
    expect: { failed: 1, podPatches: 1, ready: 0, conditions: [['FailureTarget', 'BackoffLimitExceeded'], ['Failed', 'BackoffLimitExceeded']] },
  },
  'indexed job start': { parallelism: 2, completions: 5, completionMode: 'Indexed', expect: { creations: 2, active: 2, createdIndexes: [0, 1], ready: 0 } },
  'indexed job with some pods deleted, podReplacementPolicy Failed': {
    parallelism: 2, completions: 5, completionMode: 'Indexed', podReplacementPolicy: 'Failed', terminatingPods: 1,
    expect: { creations: 1, active: 1, createdIndexes: [0], terminating: 1, ready: 0 },
  },
  'indexed job completed': {
    parallelism: 2, completions: 3, completionMode: 'Indexed',
    podsWithIndexes: [['0', 'Succeeded'], ['1', 'Failed'], ['1', 'Succeeded'], ['2', 'Succeeded']],
    expect: { succeeded: 3, failed: 1, completedIndexes: '0-2', podPatches: 4, ready: 0, conditions: [['SuccessCriteriaMet', 'CompletionsReached'], ['Complete', 'CompletionsReached']] },
  },
  'count terminating pods when indexed job fails and PodReplacementPolicy enabled': {
    parallelism: 2, completions: 3, backoffLimit: 0, completionMode: 'Indexed',
    podsWithIndexes: [['0', 'Succeeded'], ['1', 'Failed'], ['2', 'Running']],
    expect: { succeeded: 1, failed: 2, completedIndexes: '0', podPatches: 3, ready: 0, deletions: 1, conditions: [['FailureTarget', 'BackoffLimitExceeded']] },
  },
  'count ready pods when job fails': {
    parallelism: 2, completions: 3, backoffLimit: 0, activePods: 2, readyPods: 2, failedPods: 1,
    expect: { failed: 3, ready: 0, deletions: 2, podPatches: 3, conditions: [['FailureTarget', 'BackoffLimitExceeded']] },
  },
  'suspending a job with satisfied expectations': {
    parallelism: 2, completions: 4, suspend: true, activePods: 2,
    expect: { deletions: 2, active: 0, podPatches: 2, ready: 0, terminating: 2, conditions: [['Suspended', 'JobSuspended']] },
  },
};

describe('reconcileJob: TestControllerSyncJob rows', () => {
  it.each(Object.entries(rows))('%s', (_name, r) => {
    const { first, status } = sync(r);
    const e = r.expect;
    const creates = first.actions.filter((a) => a.kind === 'create');
    expect(creates.length).toBe(e.creations ?? 0);
    expect(first.actions.filter((a) => a.kind === 'delete').length).toBe(e.deletions ?? 0);
    expect(first.actions.filter((a) => a.kind === 'patch').length).toBe(e.podPatches ?? (e.deletions ?? 0));
    expect(status?.active ?? 0).toBe(e.active ?? 0);
    if (e.ready !== undefined) expect(status?.ready).toBe(e.ready);
    expect(status?.succeeded ?? 0).toBe(e.succeeded ?? 0);
    expect(status?.failed ?? 0).toBe(e.failed ?? 0);
    if (e.terminating !== undefined) expect(status?.terminating).toBe(e.terminating);
    if (e.completedIndexes !== undefined) expect(status?.completedIndexes).toBe(e.completedIndexes);
    if (e.createdIndexes) {
      const got = creates.map((a) => Number((a as { object: Pod }).object.metadata!.annotations!['batch.kubernetes.io/job-completion-index']));
      expect(got.sort()).toEqual(e.createdIndexes);
    }
    if (e.conditions) expect((status?.conditions ?? []).map((c) => [c.type, c.reason])).toEqual(e.conditions);
  });
});

describe('reconcileJob: what it writes', () => {
  it('a created pod carries the template, the finalizer, the controller reference and a SuccessfulCreate event', () => {
    const { first } = sync(rows['job start']!);
    const create = first.actions.find((a) => a.kind === 'create') as { object: Pod; event: { reason: string; message: string; source: { component: string } } };
    expect(create.object.metadata).toMatchObject({
      generateName: 'foobar-', labels: { foo: 'bar' }, finalizers: [FINALIZER],
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'foobar', uid: 'job-uid', controller: true, blockOwnerDeletion: true }],
    });
    expect(create.event).toMatchObject({ reason: 'SuccessfulCreate', message: 'Created pod: {{name}}', source: { component: 'job-controller' } });
  });

  it('an Indexed pod gets the index annotation and label, hostname, generateName and JOB_COMPLETION_INDEX', () => {
    const { first } = sync(rows['indexed job start']!);
    const pod = (first.actions.find((a) => a.kind === 'create') as { object: Pod }).object;
    expect(pod.metadata).toMatchObject({ generateName: 'foobar-0-', annotations: { 'batch.kubernetes.io/job-completion-index': '0' }, labels: { 'batch.kubernetes.io/job-completion-index': '0' } });
    expect(pod.spec!.hostname).toBe('foobar-0');
    expect(pod.spec!.containers[0]!.env).toEqual([{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }]);
  });

  it('the status is written before the finalizers go, and counted pods move to the counters next sync', () => {
    const r = rows['job finish']!;
    const first = reconcileJob({ job: makeJob(r), pods: makePods(r), now: NOW });
    expect(first.actions.map((a) => a.kind).slice(0, 6)).toEqual(['updateStatus', 'patch', 'patch', 'patch', 'patch', 'patch']);
    const status = (first.actions[0] as { object: Job }).object.status!;
    expect(status.uncountedTerminatedPods!.succeeded).toHaveLength(5);
    expect(status.succeeded ?? 0).toBe(0);
    expect(status.startTime).toBe(iso(NOW));
    const patch = first.actions[1] as { patchType: string; patch: unknown };
    expect(patch.patchType).toBe('application/strategic-merge-patch+json');
    expect(patch.patch).toEqual({ metadata: { uid: 'pod-uid-1', '$deleteFromPrimitiveList/finalizers': [FINALIZER] } });
    const next = afterFinalizers(makeJob(r), makePods(r), first.actions);
    const second = reconcileJob({ job: next.job, pods: next.pods, now: NOW + 1000 });
    const done = (second.actions.find((a) => a.kind === 'updateStatus') as { object: Job }).object.status!;
    expect(done).toMatchObject({ succeeded: 5, uncountedTerminatedPods: {}, completionTime: iso(NOW + 1000) });
    const events = second.actions.filter((a) => a.kind === 'event').map((a) => (a as { event: { reason: string; message: string } }).event);
    expect(events.map((e) => [e.reason, e.message])).toEqual([['Completed', 'Job completed']]);
  });

  it('a finished Job is left alone except for finalizers its pods still hold', () => {
    const r = rows['job finish']!;
    const job = makeJob(r);
    job.status = { conditions: [{ type: 'Complete', status: 'True' }] };
    const result = reconcileJob({ job, pods: makePods(r), now: NOW });
    expect(result.actions.map((a) => a.kind)).toEqual(['patch', 'patch', 'patch', 'patch', 'patch']);
  });

  it('an orphan matching the selector is adopted with the tracking finalizer', () => {
    const r = rows['pending pods']!;
    const pods = makePods(r);
    pods[0]!.metadata!.ownerReferences = [];
    pods[0]!.metadata!.finalizers = [];
    const result = reconcileJob({ job: makeJob(r), pods, now: NOW });
    const adopt = result.actions[0] as { kind: string; patch: { metadata: { ownerReferences: { uid: string }[]; finalizers: string[] } } };
    expect(adopt.kind).toBe('patch');
    expect(adopt.patch.metadata.ownerReferences[0]!.uid).toBe('job-uid');
    expect(adopt.patch.metadata.finalizers).toEqual([FINALIZER]);
  });
});

describe('reconcileJob: TestSyncJobPastDeadline rows', () => {
  const cases: [string, { parallelism: number; completions: number; deadline: number; startSecondsAgo: number; active: number; succeeded?: number; failed?: number; suspend?: boolean },
    { deletions: number; active: number; failed: number; condition?: string; reason?: string; requeue?: number }][] = [
    ['activeDeadlineSeconds less than single pod execution', { parallelism: 1, completions: 1, deadline: 10, startSecondsAgo: 15, active: 1 },
      { deletions: 1, active: 0, failed: 1, condition: 'FailureTarget', reason: 'DeadlineExceeded' }],
    ['activeDeadlineSeconds bigger than single pod execution', { parallelism: 1, completions: 2, deadline: 10, startSecondsAgo: 15, active: 1, succeeded: 1 },
      { deletions: 1, active: 0, failed: 1, condition: 'FailureTarget', reason: 'DeadlineExceeded' }],
    ['activeDeadlineSeconds times-out before any pod starts', { parallelism: 1, completions: 1, deadline: 10, startSecondsAgo: 10, active: 0 },
      { deletions: 0, active: 0, failed: 0, condition: 'FailureTarget', reason: 'DeadlineExceeded' }],
    ['activeDeadlineSeconds with backofflimit reach', { parallelism: 1, completions: 1, deadline: 1, startSecondsAgo: 10, active: 0, failed: 1 },
      { deletions: 0, active: 0, failed: 1, condition: 'FailureTarget', reason: 'BackoffLimitExceeded' }],
    ['activeDeadlineSeconds is not triggered when Job is suspended', { parallelism: 1, completions: 2, deadline: 10, startSecondsAgo: 15, active: 0, suspend: true },
      { deletions: 0, active: 0, failed: 0, condition: 'Suspended', reason: 'JobSuspended' }],
    ['not yet past the deadline: sync again when it passes', { parallelism: 1, completions: 1, deadline: 30, startSecondsAgo: 10, active: 1 },
      { deletions: 0, active: 1, failed: 0, requeue: 20_000 }],
  ];
  it.each(cases)('%s', (_name, c, want) => {
    const r: Row = { parallelism: c.parallelism, completions: c.completions, backoffLimit: c.failed ? 0 : 6, activePods: c.active, succeededPods: c.succeeded, failedPods: c.failed, suspend: c.suspend, expect: {} };
    const job = makeJob(r);
    job.spec!.activeDeadlineSeconds = c.deadline;
    job.status!.startTime = iso(NOW - c.startSecondsAgo * 1000);
    const result = reconcileJob({ job, pods: makePods(r), now: NOW });
    expect(result.actions.filter((a) => a.kind === 'delete').length).toBe(want.deletions);
    const status = (result.actions.find((a) => a.kind === 'updateStatus') as { object: Job }).object.status!;
    expect(status.active ?? 0).toBe(want.active);
    expect((status.uncountedTerminatedPods?.failed ?? []).length + (status.failed ?? 0)).toBe(want.failed);
    if (want.condition) expect(status.conditions?.find((x) => x.type === want.condition)).toMatchObject({ status: 'True', reason: want.reason });
    else expect(status.conditions ?? []).toEqual([]);
    if (want.requeue) expect(result.requeueAfterMs).toBe(want.requeue);
  });
});
