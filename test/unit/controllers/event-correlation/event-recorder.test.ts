// The recorder's writes (upstream's recordToSink) against an in-memory cluster: a repeat patches the Event's
// count and lastTimestamp, a batch folds its repeats into one write, a patch of a vanished Event creates it.
import type { Event } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { MemoryClient } from '../../../../shared/client';
import { makeEvent } from '../../../../shared/controllers/events';
import { clientEventSink, EventRecorder, newCorrelatorState, planEventWrites, type CorrelatorBacking, type EventSink, type LruEntry } from '../../../../shared/controllers/event-correlation';

const T0 = Date.UTC(2026, 0, 1, 10);
const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default', uid: 'u1' } };
const failed = (atMs: number, seq = 0, message = 'Error creating: pods "web-" is forbidden: exceeded quota: q') =>
  makeEvent(rs, 'Warning', 'FailedCreate', message, 'replicaset-controller', atMs, seq);
const EVENTS = { group: '', version: 'v1', plural: 'events' };

async function events(client: MemoryClient): Promise<Event[]> {
  return (await client.resource<Event & { metadata: object }>(EVENTS).namespace('default').list()).items as Event[];
}

describe('planEventWrites', () => {
  it('folds the repeats of a batch into the write of their Event', () => {
    const state = newCorrelatorState();
    const writes = planEventWrites(state, [0, 1, 2].map((i) => ({ event: failed(T0 + i * 1000, i), nowMs: T0 + i * 1000 })));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ kind: 'create', event: { metadata: { name: failed(T0).metadata!.name }, count: 3, lastTimestamp: '2026-01-01T10:00:02Z', firstTimestamp: '2026-01-01T10:00:00Z' } });
    const next = planEventWrites(state, [3, 4].map((i) => ({ event: failed(T0 + i * 1000, i), nowMs: T0 + i * 1000 })));
    expect(next).toEqual([{ kind: 'patch', event: expect.objectContaining({ count: 5 }), patch: { count: 5, lastTimestamp: '2026-01-01T10:00:04Z', message: failed(T0).message } }]);
  });
});

describe('EventRecorder', () => {
  it('records one Event whose count and lastTimestamp grow', async () => {
    const client = new MemoryClient();
    const recorder = new EventRecorder(clientEventSink(client));
    for (let i = 0; i < 3; i++) await recorder.record([{ event: failed(T0 + i * 5000, i), nowMs: T0 + i * 5000 }], 'replicaset-controller');
    const list = await events(client);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ reason: 'FailedCreate', count: 3, firstTimestamp: '2026-01-01T10:00:00Z', lastTimestamp: '2026-01-01T10:00:10Z' });
  });

  it('two different events about one object built in the same millisecond (one name) are both stored', async () => {
    const client = new MemoryClient();
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'n1' } };
    const threshold = makeEvent(node, 'Warning', 'EvictionThresholdMet', 'Attempting to reclaim memory', 'kubelet', T0);
    const pressure = makeEvent(node, 'Normal', 'NodeHasInsufficientMemory', 'Node node-1 status is now: NodeHasInsufficientMemory', 'kubelet', T0);
    expect(threshold.metadata!.name).toBe(pressure.metadata!.name);
    await new EventRecorder(clientEventSink(client)).record([threshold, pressure].map((event) => ({ event, nowMs: T0 })), 'kubelet');
    expect((await events(client)).map((e) => e.reason).sort()).toEqual(['EvictionThresholdMet', 'NodeHasInsufficientMemory']);
  });

  it('a recorder over the caches a previous one kept (a host evicted and started again) goes on counting', async () => {
    const client = new MemoryClient();
    const table = () => {
      const map = new Map<string, LruEntry<never>>();
      return { put: (k: string, e: LruEntry<never>) => void map.set(k, e), delete: (k: string) => void map.delete(k), scan: () => map.entries() };
    };
    const caches = { aggregates: table(), logs: table(), spam: table() } as unknown as CorrelatorBacking;
    await new EventRecorder(clientEventSink(client), () => caches).record([{ event: failed(T0), nowMs: T0 }], 'm');
    await new EventRecorder(clientEventSink(client), () => caches).record([{ event: failed(T0 + 60_000, 1), nowMs: T0 + 60_000 }], 'm');
    expect((await events(client)).map((e) => [e.count, e.lastTimestamp])).toEqual([[2, '2026-01-01T10:01:00Z']]);
    // in memory only, the second recorder starts afresh
    await new EventRecorder(clientEventSink(client)).record([{ event: failed(T0 + 120_000, 2), nowMs: T0 + 120_000 }], 'm');
    expect(await events(client)).toHaveLength(2);
  });

  it('creates the Event anew, with its count, when the patch finds it gone', async () => {
    const client = new MemoryClient();
    const recorder = new EventRecorder(clientEventSink(client));
    await recorder.record([{ event: failed(T0), nowMs: T0 }], 'm');
    const [first] = await events(client);
    await client.resource(EVENTS).namespace('default').delete(first!.metadata!.name!);
    await recorder.record([{ event: failed(T0 + 1000, 1), nowMs: T0 + 1000 }], 'm');
    const list = await events(client);
    expect(list.map((e) => [e.metadata?.name, e.count])).toEqual([[first!.metadata!.name, 2]]);
  });

  it('a repeat recorded while its create is in flight patches after it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const calls: string[] = [];
    const stored = new Map<string, Event>();
    const sink: EventSink = {
      create: async (_ns, list) => {
        calls.push('create');
        await gate;
        for (const e of list) stored.set(e.metadata!.name!, e);
        return list;
      },
      patch: async (_ns, name, patch) => {
        calls.push(`patch ${patch.count}`);
        const e = stored.get(name);
        if (!e) return 'NotFound';
        const next = { ...e, ...patch };
        stored.set(name, next);
        return next;
      },
    };
    const recorder = new EventRecorder(sink);
    const a = recorder.record([{ event: failed(T0), nowMs: T0 }], 'm');
    const b = recorder.record([{ event: failed(T0 + 1000, 1), nowMs: T0 + 1000 }], 'm');
    await Promise.resolve();
    expect(calls).toEqual(['create']);
    release();
    await Promise.all([a, b]);
    expect(calls).toEqual(['create', 'patch 2']);
    expect([...stored.values()].map((e) => e.count)).toEqual([2]);
  });

  it('drops what the spam filter refuses: 25 Events about one object, then none until the bucket refills', async () => {
    const client = new MemoryClient();
    const recorder = new EventRecorder(clientEventSink(client));
    const batch = Array.from({ length: 30 }, (_, i) => ({ event: failed(T0, i, `message ${i}`), nowMs: T0 }));
    await recorder.record(batch, 'm');
    const list = await events(client);
    // the 10th similar message is combined, and later ones count on the combined Event; 25 tokens in all
    const combined = list.filter((e) => e.message?.startsWith('(combined from similar events): '));
    expect(list).toHaveLength(10);
    expect(combined).toHaveLength(1);
    expect(combined[0]!.count).toBe(25 - 9);
  });
});
