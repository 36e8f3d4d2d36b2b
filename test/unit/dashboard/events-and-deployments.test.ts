import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Event } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { deploymentRow, deploymentRows } from '../../../dashboard/src/model/deployment-rows';
import { recentEvents } from '../../../dashboard/src/model/event-rows';
import { cpu, memory } from '../../../dashboard/src/model/format';
import { Series } from '../../../dashboard/src/model/series';

const ev = (name: string, ns: string, at: Partial<Event>, kind = 'Pod', obj = 'p'): Event => ({ metadata: { name, namespace: ns }, involvedObject: { kind, name: obj, namespace: ns }, ...at });

describe('recentEvents', () => {
  it('newest first by lastTimestamp, eventTime or creation; filtered by namespace and object; limited', () => {
    const events = [
      ev('old', 'a', { lastTimestamp: '2026-01-01T00:00:01Z' }),
      ev('micro', 'a', { eventTime: '2026-01-01T00:00:03.500000Z' }),
      ev('new', 'b', { lastTimestamp: '2026-01-01T00:00:05Z' }, 'Node', 'n'),
      ev('created', 'a', { metadata: { name: 'created', namespace: 'a', creationTimestamp: '2026-01-01T00:00:02Z' } }),
    ];
    expect(recentEvents(events, 10).map((e) => e.metadata!.name)).toEqual(['new', 'micro', 'created', 'old']);
    expect(recentEvents(events, 2).map((e) => e.metadata!.name)).toEqual(['new', 'micro']);
    expect(recentEvents(events, 10, { namespace: 'a' }).map((e) => e.metadata!.name)).toEqual(['micro', 'created', 'old']);
    expect(recentEvents(events, 10, { involved: { kind: 'Node', name: 'n' } }).map((e) => e.metadata!.name)).toEqual(['new']);
  });
});

describe('deploymentRow', () => {
  const d = (over: Partial<Deployment>): Deployment => ({ metadata: { name: 'web', namespace: 'ns', generation: 2 }, spec: { replicas: 3, selector: {}, template: {} }, ...over });
  it('complete only when the latest generation is observed and every replica is updated and available', () => {
    expect(deploymentRow(d({ status: { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 } })).complete).toBe(true);
    expect(deploymentRow(d({ status: { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 } })).complete).toBe(false);
    expect(deploymentRow(d({ status: { observedGeneration: 2, replicas: 4, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 } })).complete).toBe(false);
  });
  it('names a stalled rollout', () => {
    const row = deploymentRow(d({ status: { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "web-1" has timed out progressing.' }] } }));
    expect(row.problem).toBe('ProgressDeadlineExceeded: ReplicaSet "web-1" has timed out progressing.');
    expect(deploymentRows([d({}), d({ metadata: { name: 'a', namespace: 'other' } })], 'other').map((r) => r.name)).toEqual(['a']);
  });
});

describe('display formats and series', () => {
  it('cpu and memory rounded for reading', () => {
    expect([cpu(250), cpu(1000), cpu(1550), cpu(3960)]).toEqual(['250m', '1', '1.6', '4']);
    expect([memory(512), memory(1536), memory(8 * 2 ** 30), memory(7.9 * 2 ** 30)]).toEqual(['512', '1.5Ki', '8Gi', '7.9Gi']);
  });
  it('Series keeps the newest samples in uPlot columns, seconds on the time axis', () => {
    const s = new Series(['a', 'b'], 2);
    s.push(1000, [1, null]);
    s.push(2000, [2, 3]);
    s.push(3000, [4, 5]);
    expect(s.data()).toEqual([
      [2, 3],
      [2, 4],
      [3, 5],
    ]);
    expect(s.length).toBe(2);
  });
});
