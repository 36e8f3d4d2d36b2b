// Jobs as a user runs them with kubectl: pods whose commands run in the simulated kubelet, completion, failure with
// back-off, Indexed jobs, `kubectl run --rm -i`, and CronJobs (the Job, CronJob and TTL-after-finished controllers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll } from './support/kubectl';
import { deletePools, poolName, poolNodes, POOL_LABEL } from './support/node-pools';

const pool = poolName('jobs');
/** The CronJob namespace, created first so its every-minute schedule fires while the Job tests run. */
let cronNs = '';

/** An untainted pool, so that pods of plain `kubectl create job` (no tolerations) can run. */
beforeAll(async () => {
  const spec = { nodes: 2, capacity: { cpu: '8', memory: '16Gi', pods: '110' }, zones: ['zone-a'] };
  await kubectl(['apply', '-f', '-'], { stdin: manifest({ apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name: pool }, spec }) });
  await poll(async () => {
    const nodes = await poolNodes(pool);
    return nodes.length === 2 && nodes.every((n) => n.spec?.podCIDR && n.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'));
  }, 30_000, `2 Ready nodes in ${pool}`);
  cronNs = await newNamespace('cronjob');
  await kubectl(['-n', cronNs, 'create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/1 * * * *', '--', 'sh', '-c', 'date; echo tick']);
}, 60_000);

afterAll(() => deletePools(pool));

function condition(job: any, type: string): any {
  return (job.status?.conditions ?? []).find((c: any) => c.type === type);
}

describe('Jobs', () => {
  it('kubectl create job -- sleep 2 completes, kubectl wait returns, and the pod is let go', async () => {
    const ns = await newNamespace('job');
    await kubectl(['-n', ns, 'create', 'job', 'hi', '--image=busybox', '--', 'sleep', '2']);
    const waited = await kubectl(['-n', ns, 'wait', '--for=condition=complete', 'job/hi', '--timeout=40s'], { timeoutMs: 45_000 });
    expect(waited.stdout).toBe('job.batch/hi condition met\n');
    const job = await getJson(['-n', ns, 'job', 'hi']);
    expect(job.status).toMatchObject({ succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(job.status.active).toBeUndefined();
    expect(condition(job, 'SuccessCriteriaMet')).toMatchObject({ status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' });
    expect(condition(job, 'Complete')).toMatchObject({ status: 'True', reason: 'CompletionsReached' });
    expect(Date.parse(job.status.completionTime) - Date.parse(job.status.startTime)).toBeGreaterThanOrEqual(2000);
    const pods = (await getJson(['-n', ns, 'pods', '-l', 'batch.kubernetes.io/job-name=hi'])).items;
    expect(pods).toHaveLength(1);
    expect(pods[0].metadata.name).toMatch(/^hi-[a-z0-9]{5}$/);
    expect(pods[0].status.phase).toBe('Succeeded');
    expect(pods[0].metadata.finalizers ?? []).not.toContain('batch.kubernetes.io/job-tracking');
    const table = (await kubectl(['-n', ns, 'get', 'job', 'hi'])).stdout;
    expect(table).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\nhi\s+Complete\s+1\/1\s/);
    const events = (await getJson(['-n', ns, 'events', '--field-selector', 'involvedObject.name=hi'])).items.map((e: any) => `${e.reason}: ${e.message}`);
    expect(events).toEqual(expect.arrayContaining([`SuccessfulCreate: Created pod: ${pods[0].metadata.name}`, 'Completed: Job completed']));
  }, 60_000);

  it('kubectl logs job/X shows what the command echoed', async () => {
    const ns = await newNamespace('job-logs');
    await kubectl(['-n', ns, 'create', 'job', 'hello', '--image=busybox', '--', 'sh', '-c', 'echo hello from the job; echo second line']);
    await kubectl(['-n', ns, 'wait', '--for=condition=complete', 'job/hello', '--timeout=30s'], { timeoutMs: 35_000 });
    expect((await kubectl(['-n', ns, 'logs', 'job/hello'])).stdout).toBe('hello from the job\nsecond line\n');
  }, 45_000);

  it('kubectl run --rm -i -- echo hi prints hi, exits 0 and deletes the pod', async () => {
    const ns = await newNamespace('run-rm');
    const r = await kubectl(['-n', ns, 'run', '--rm', '-i', 'hi', '--image=busybox', '--restart=Never', '--', 'echo', 'hi'], { timeoutMs: 40_000 });
    expect(r.stdout).toMatch(/^hi\n/);
    expect(r.stdout).toContain('pod "hi" deleted');
    await poll(async () => (await getJson(['-n', ns, 'pods'])).items.length === 0, 15_000, 'the pod to be gone');
  }, 45_000);

  it('a failing job with backoffLimit 1 fails with BackoffLimitExceeded after one retry', async () => {
    const ns = await newNamespace('job-fail');
    const job = {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'boom', namespace: ns },
      spec: { backoffLimit: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['false'] }] } } },
    };
    await kubectl(['apply', '-f', '-'], { stdin: manifest(job) });
    await kubectl(['-n', ns, 'wait', '--for=condition=failed', 'job/boom', '--timeout=40s'], { timeoutMs: 45_000 });
    const got = await getJson(['-n', ns, 'job', 'boom']);
    expect(got.status).toMatchObject({ failed: 2, terminating: 0 });
    expect(condition(got, 'FailureTarget')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(condition(got, 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    const pods = (await getJson(['-n', ns, 'pods', '-l', 'batch.kubernetes.io/job-name=boom'])).items;
    expect(pods).toHaveLength(2);
    // the retry waited out the 10 s pod-failure back-off
    const [first, second] = pods.sort((a: any, b: any) => Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp));
    const firstFinished = Date.parse(first.status.containerStatuses[0].state.terminated.finishedAt);
    expect(Date.parse(second.metadata.creationTimestamp) - firstFinished).toBeGreaterThanOrEqual(9000);
    expect(first.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    const events = (await getJson(['-n', ns, 'events', '--field-selector', 'involvedObject.kind=Job'])).items;
    expect(events.map((e: any) => `${e.type} ${e.reason}: ${e.message}`)).toContain('Warning BackoffLimitExceeded: Job has reached the specified backoff limit');
    expect((await kubectl(['-n', ns, 'get', 'job', 'boom'])).stdout).toMatch(/\nboom\s+Failed\s+0\/1\s/);
  }, 60_000);

  it('an Indexed job runs one pod per index with JOB_COMPLETION_INDEX and records completedIndexes', async () => {
    const ns = await newNamespace('job-indexed');
    const job = {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'idx', namespace: ns },
      spec: {
        completions: 3, parallelism: 3, completionMode: 'Indexed',
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo "index $JOB_COMPLETION_INDEX on $HOSTNAME"'] }] } },
      },
    };
    await kubectl(['apply', '-f', '-'], { stdin: manifest(job) });
    await kubectl(['-n', ns, 'wait', '--for=condition=complete', 'job/idx', '--timeout=30s'], { timeoutMs: 35_000 });
    const got = await getJson(['-n', ns, 'job', 'idx']);
    expect(got.status).toMatchObject({ succeeded: 3, completedIndexes: '0-2' });
    const pods = (await getJson(['-n', ns, 'pods', '-l', 'batch.kubernetes.io/job-name=idx'])).items;
    const byIndex = Object.fromEntries(pods.map((p: any) => [p.metadata.annotations['batch.kubernetes.io/job-completion-index'], p]));
    expect(Object.keys(byIndex).sort()).toEqual(['0', '1', '2']);
    for (const [ix, p] of Object.entries<any>(byIndex)) {
      expect(p.metadata.name).toMatch(new RegExp(`^idx-${ix}-[a-z0-9]{5}$`));
      expect(p.metadata.labels['batch.kubernetes.io/job-completion-index']).toBe(ix);
      expect(p.spec.hostname).toBe(`idx-${ix}`);
      expect((await kubectl(['-n', ns, 'logs', p.metadata.name])).stdout).toBe(`index ${ix} on idx-${ix}\n`);
    }
  }, 45_000);

  it('ttlSecondsAfterFinished: 0 deletes the Job and its pods once it completes', async () => {
    const ns = await newNamespace('job-ttl');
    const job = {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'brief', namespace: ns },
      spec: { ttlSecondsAfterFinished: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['true'] }] } } },
    };
    await kubectl(['apply', '-f', '-'], { stdin: manifest(job) });
    await poll(async () => (await kubectl(['-n', ns, 'get', 'job', 'brief', '--ignore-not-found'])).stdout === '', 25_000, 'the Job to be deleted after it finished');
    await poll(async () => (await getJson(['-n', ns, 'pods'])).items.length === 0, 15_000, 'its pod to be deleted');
  }, 45_000);
});

describe('CronJobs', () => {
  it('a */1 CronJob creates <name>-<minutes> Jobs with the scheduled timestamp, which run and are recorded', async () => {
    const job = await poll(async () => {
      const items = (await getJson(['-n', cronNs, 'jobs'])).items;
      return items.find((j: any) => condition(j, 'Complete')?.status === 'True');
    }, 75_000, 'a completed Job of the CronJob');
    const scheduled = Date.parse(job.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp']);
    expect(scheduled % 60_000).toBe(0);
    expect(job.metadata.name).toBe(`tick-${scheduled / 60_000}`);
    expect(job.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'CronJob', name: 'tick', controller: true })]);
    const cj = await poll(async () => {
      const c = await getJson(['-n', cronNs, 'cronjob', 'tick']);
      return c.status?.lastSuccessfulTime ? c : undefined;
    }, 15_000, 'lastSuccessfulTime');
    expect(Date.parse(cj.status.lastScheduleTime)).toBeGreaterThanOrEqual(scheduled);
    expect((await kubectl(['-n', cronNs, 'logs', `job/${job.metadata.name}`])).stdout).toMatch(/^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}\ntick\n$/);
    const events = (await getJson(['-n', cronNs, 'events', '--field-selector', 'involvedObject.kind=CronJob'])).items.map((e: any) => `${e.reason}: ${e.message}`);
    expect(events).toContain(`SuccessfulCreate: Created job ${job.metadata.name}`);
  }, 95_000);
});
