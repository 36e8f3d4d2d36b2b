import { describe, expect, it } from 'vitest';
import type { Node } from 'kubernetes-types/core/v1';
import { recordStore, type EntryStore } from '../../../../shared/controllers/node-lifecycle/entry-store';
import type { NodeLifecycleStores, ZoneRecord } from '../../../../shared/controllers/node-lifecycle/lifecycle-stores';
import { monitorNodeHealth } from '../../../../shared/controllers/node-lifecycle/monitor-node-health';
import { onlyLeaseRenewed, type NodeHealthData } from '../../../../shared/controllers/node-lifecycle/node-health';
import type { TimedValue } from '../../../../shared/controllers/node-lifecycle/rate-limited-queue';
import { date, lease, node, readyCond, TEST_CONFIG } from './harness';

const at = date(2015, 1, 1, 12);
const base: NodeHealthData = {
  probeTimestamp: at,
  readyTransitionTimestamp: at - 60_000,
  ready: { status: 'True', lastHeartbeatTime: '2015-01-01T11:59:00Z', lastTransitionTime: '2015-01-01T11:00:00Z' },
  lease: { renewTime: at - 1000 },
  uid: 'uid-node0',
};

describe('onlyLeaseRenewed: a health change a restart can do without', () => {
  it.each<[string, NodeHealthData | undefined, NodeHealthData, boolean]>([
    ['a renewal seen: later renewTime and probe', base, { ...base, probeTimestamp: at + 10_000, lease: { renewTime: at + 9000 } }, true],
    ['nothing new at all', base, base, true],
    ['no row yet', undefined, base, false],
    ['the first Lease seen', { ...base, lease: undefined }, base, false],
    ['a Lease without renewTime', { ...base, lease: {} }, base, false],
    ['the Lease dropped (a new Ready heartbeat restarts the record)', base, { ...base, lease: undefined }, false],
    ['renewTime going back', base, { ...base, lease: { renewTime: at - 2000 } }, false],
    ['probe going back', base, { ...base, probeTimestamp: at - 1 }, false],
    ['a Ready heartbeat', base, { ...base, ready: { ...base.ready!, lastHeartbeatTime: '2015-01-01T12:04:00Z' } }, false],
    ['a Ready status change', base, { ...base, ready: { ...base.ready!, status: 'Unknown' } }, false],
    ['a transition', base, { ...base, readyTransitionTimestamp: at }, false],
    ['a pod-marking retry owed', base, { ...base, retryPodsNotReady: true }, false],
    ['another uid (the node was replaced)', base, { ...base, uid: 'other' }, false],
  ])('%s', (_name, prev, next, want) => expect(onlyLeaseRenewed(prev, next)).toBe(want));
});

/** A health table as a host keeps it: `stored` is what SQLite holds, `live` what the isolate holds. */
function hostTable(stored: Record<string, NodeHealthData> = {}) {
  const live = recordStore<NodeHealthData>(structuredClone(stored));
  const writes: string[] = [];
  const table: EntryStore<NodeHealthData> = {
    get: live.get,
    scan: live.scan,
    put: (k, v) => {
      live.put(k, v);
      stored[k] = structuredClone(v);
      writes.push(k);
    },
    keep: (k, v) => (k in stored ? live.put(k, v) : table.put(k, v)),
    delete: (k) => {
      live.delete(k);
      delete stored[k];
      writes.push(k);
    },
  };
  return { table, stored, writes };
}

function lifecycle(health: EntryStore<NodeHealthData>): NodeLifecycleStores {
  return { health, zones: recordStore<ZoneRecord>(), queue: recordStore<TimedValue>() };
}

/** The node's Ready condition after a pass at `now` with the Lease renewed at `renew`. */
function pass(stores: NodeLifecycleStores, n: Node, renew: number, now: number): string | undefined {
  const r = monitorNodeHealth({ nodes: [n], leases: { node0: lease('node0', renew) }, stores, now, config: TEST_CONFIG });
  const posted = r.actions.find((a) => a.kind === 'updateStatus');
  return posted && 'object' in posted ? (posted.object as Node).status?.conditions?.find((c) => c.type === 'Ready')?.status : undefined;
}

describe('node health rows across Lease renewals and a restart', () => {
  const created = at - 3_600_000;
  const n = node('node0', created, [readyCond('True', at - 60_000, created)]);

  it('writes the row once, keeps renewals in memory, and a restart from the stored row gives the fresh grace upstream gives', () => {
    const host = hostTable();
    const stores = lifecycle(host.table);
    for (let s = 0; s <= 60; s += 10) expect(pass(stores, n, at + s * 1000, at + s * 1000 + 500)).toBeUndefined();
    // the first pass writes the row; the renewals seen after it are not written
    expect(host.writes).toEqual(['node0']);
    expect(host.stored.node0!.probeTimestamp).toBeLessThan(host.table.get('node0')!.probeTimestamp);

    // the kubelet stops after its renewal at +60 s; the host restarts at +80 s from what SQLite holds
    const restarted = lifecycle(hostTable(host.stored).table);
    const last = at + 60_000;
    expect(pass(restarted, n, last, at + 80_000)).toBeUndefined(); // the renewal, newer than the row, counts as seen now
    expect(pass(restarted, n, last, at + 80_000 + 50_000)).toBeUndefined(); // within 50 s of the restart
    expect(pass(restarted, n, last, at + 80_000 + 50_001)).toBe('Unknown');

    // without a restart the node goes Unknown 50 s after its last renewal was seen
    expect(pass(stores, n, last, last + 500 + 50_001)).toBe('Unknown');
  });
});
