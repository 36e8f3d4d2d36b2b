import { describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../../shared/apiserver/change-notice';
import { MAX_NOTICES_WAITING, NoticeOutbox, turnHeldMs } from '../../../shared/apiserver/notice-outbox';

const notice = (name: string): ChangeNotice => ({ resource: 'pods', type: 'MODIFIED', namespace: 'ns', name, uid: `uid-${name}`, resourceVersion: '1' });
const names = (batch: ChangeNotice[]) => batch.map((n) => n.name);

describe('NoticeOutbox', () => {
  it('sends a quiet host its notice at once, and what commits meanwhile in one next RPC, in commit order', () => {
    const box = new NoticeOutbox();
    box.add('replicaset', notice('a'), 1);
    expect(box.ready()).toEqual(['replicaset']);
    expect(names(box.take('replicaset'))).toEqual(['a']);
    // a burst while the first RPC is on its way
    for (const [i, name] of ['b', 'c', 'd'].entries()) box.add('replicaset', notice(name), 2 + i);
    expect(box.ready()).toEqual([]);
    expect(box.take('replicaset')).toEqual([]);
    expect(box.waiting('replicaset')).toBe(true);
    box.done('replicaset');
    expect(box.ready()).toEqual(['replicaset']);
    expect(names(box.take('replicaset'))).toEqual(['b', 'c', 'd']);
    expect(box.waiting('replicaset')).toBe(false);
    box.done('replicaset');
    expect(box.ready()).toEqual([]);
  });

  it('caps one RPC and keeps the rest for the next', () => {
    const box = new NoticeOutbox();
    for (let i = 0; i < 5; i++) box.add('kubelet#3', notice(`p${i}`), i + 1);
    expect(names(box.take('kubelet#3', 2))).toEqual(['p0', 'p1']);
    box.done('kubelet#3');
    expect(names(box.take('kubelet#3', 2))).toEqual(['p2', 'p3']);
    box.done('kubelet#3');
    expect(names(box.take('kubelet#3', 2))).toEqual(['p4']);
  });

  it('reports delivered up to just below the oldest notice waiting or in flight for any host', () => {
    const box = new NoticeOutbox();
    expect(box.deliveredRv()).toBe(0);
    box.recorded(3); // a commit no host hears of
    expect(box.deliveredRv()).toBe(3);
    box.add('scheduler', notice('a'), 4);
    box.add('replicaset', notice('a'), 4);
    box.add('replicaset', notice('b'), 5);
    expect(box.deliveredRv()).toBe(3);
    box.take('scheduler');
    box.take('replicaset'); // a and b in flight together
    box.add('replicaset', notice('c'), 6);
    box.done('scheduler');
    expect(box.deliveredRv()).toBe(3); // the replicaset's batch from 4 is still on its way
    box.done('replicaset');
    expect(box.deliveredRv()).toBe(5); // c waits
    box.take('replicaset');
    box.done('replicaset');
    expect(box.deliveredRv()).toBe(6);
  });

  it('drops the oldest notices of a host that fell too far behind, and counts them', () => {
    const box = new NoticeOutbox();
    box.add('endpoints', notice('first'), 1);
    box.take('endpoints'); // never answers
    for (let i = 0; i <= MAX_NOTICES_WAITING; i++) box.add('endpoints', notice(`p${i}`), i + 2);
    expect(box.dropped).toBe(1);
    box.done('endpoints');
    expect(names(box.take('endpoints', 1))).toEqual(['p1']);
  });

  it.each([
    // [sentAt, now, spacing, held]: the turn stays taken until the spacing has passed since the RPC started
    [1000, 1020, 50, 30],
    [1000, 1000, 50, 50],
    [1000, 1050, 50, 0],
    [1000, 1400, 50, 0], // an RPC that took longer than the spacing: the next may go at once
    [1000, 1020, 0, 0],
    [1000, 1020, undefined, 0], // a host without a spacing: one RPC in flight is the only rule
    [-Infinity, 5, 50, 0], // never sent to
  ] as const)('a host sent to at %s, asked at %s with a spacing of %s ms, waits %s ms', (sentAt, now, spacing, held) => {
    expect(turnHeldMs(sentAt, now, spacing)).toBe(held);
  });
});
