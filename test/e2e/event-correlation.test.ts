// Events as upstream's recorder writes them: a ReplicaSet (or Job) whose pods a ResourceQuota refuses retries with
// backoff and records a FailedCreate each time. Each message names the pod it generated, so the recorder's
// aggregator keeps the first 9 and combines the 10th and later ones into one Event, "(combined from similar
// events): …", whose count and lastTimestamp grow — which `kubectl describe` prints as "(xN over …)".
import { describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll } from './support/kubectl';

const COMBINED = '(combined from similar events): ';

async function quotaNamespace(prefix: string): Promise<string> {
  const ns = await newNamespace(prefix);
  await kubectl(['-n', ns, 'create', 'quota', 'q', '--hard=pods=0']);
  await poll(async () => (await getJson(['-n', ns, 'quota', 'q'])).status?.hard?.pods === '0', 15_000, 'quota status');
  return ns;
}

const failedCreates = async (ns: string, kind: string): Promise<any[]> =>
  (await getJson(['-n', ns, 'events'])).items.filter((e: any) => e.reason === 'FailedCreate' && e.involvedObject.kind === kind);

/** Waits for the combined FailedCreate to be counted twice or more, over more than a second; returns all of them. */
async function combined(ns: string, kind: string): Promise<{ all: any[]; event: any }> {
  return poll(
    async () => {
      const all = await failedCreates(ns, kind);
      const event = all.find((e) => e.message.startsWith(COMBINED));
      return event && event.count >= 2 && event.lastTimestamp > event.firstTimestamp ? { all, event } : undefined;
    },
    45_000,
    `a combined FailedCreate on the ${kind} counted twice`,
  );
}

describe('Event correlation', () => {
  it('a ReplicaSet refused by a quota: 9 FailedCreate Events, then one combined whose count grows; describe rs shows (xN over …)', async () => {
    const ns = await quotaNamespace('event-corr');
    const rs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web', namespace: ns },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } },
    };
    await kubectl(['apply', '-f', '-'], { stdin: manifest(rs) });
    // the retries back off from 5 ms, doubling: the 11th comes about 5 s in
    const { all, event } = await combined(ns, 'ReplicaSet');
    const refused = /^Error creating: pods "web-[a-z0-9]{5}" is forbidden: exceeded quota: q, requested: pods=1, used: pods=0, limited: pods=0$/;
    expect(all).toHaveLength(10);
    expect(all.filter((e) => e !== event).every((e) => e.count === 1 && refused.test(e.message))).toBe(true);
    expect(event).toMatchObject({ type: 'Warning', involvedObject: { kind: 'ReplicaSet', name: 'web' }, source: { component: 'replicaset-controller' } });
    expect(event.message.slice(COMBINED.length)).toMatch(refused);

    const out = (await kubectl(['-n', ns, 'describe', 'rs', 'web'])).stdout;
    const lines = out.slice(out.indexOf('\nEvents:')).split('\n').filter((l) => l.includes('FailedCreate'));
    expect(lines).toHaveLength(10);
    const counted = lines.filter((l) => / \(x\d+ over \S+\) /.test(l));
    expect(counted).toHaveLength(1);
    expect(counted[0]).toMatch(/Warning\s+FailedCreate\s+\S+ \(x\d+ over \S+\)\s+replicaset-controller\s+\(combined from similar events\): Error creating: pods "web-/);
    // the retries go on, counted on the same Event, no new ones — also after 10 s without a retry (about 20 s in),
    // which is longer than an idle controller host stays in memory
    const later = await poll(async () => {
      const now = await failedCreates(ns, 'ReplicaSet');
      return now.find((e) => e.metadata.name === event.metadata.name)?.count >= 4 ? now : undefined;
    }, 45_000, 'the combined count to reach 4');
    expect(later).toHaveLength(10);
  }, 120_000);

  it('a Job refused by a quota: its FailedCreate retries are combined into one Event too', async () => {
    const ns = await quotaNamespace('event-corr-job');
    await kubectl(['-n', ns, 'create', 'job', 'batch', '--image=busybox:1.36', '--', 'true']);
    const { all, event } = await combined(ns, 'Job');
    expect(all.length).toBeLessThanOrEqual(10);
    expect(event).toMatchObject({ type: 'Warning', involvedObject: { name: 'batch' }, source: { component: 'job-controller' } });
    expect(event.message).toMatch(/^\(combined from similar events\): Error creating: pods "batch-[a-z0-9]{5}" is forbidden: exceeded quota: q/);
  }, 120_000);
});
