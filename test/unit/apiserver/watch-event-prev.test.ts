import { describe, expect, it } from 'vitest';
import type { StoredObject } from '../../../shared/api/object';
import { compileFilter } from '../../../shared/apiserver/list-filter';
import { eventFor, selectorsTellApart } from '../../../shared/apiserver/watch-event';

const meta = (name: string, labels?: Record<string, string>) => ({ name, namespace: 'ns', resourceVersion: '1', uid: 'u', ...(labels ? { labels } : {}) });
const obj = (apiVersion: string, kind: string, name: string, rest: object = {}, labels?: Record<string, string>) =>
  ({ apiVersion, kind, metadata: meta(name, labels), ...rest }) as StoredObject;

/** [what changed, previous state, new state, whether a selector can tell them apart] */
const rows: [string, StoredObject, StoredObject, boolean][] = [
  ['a Lease renewal', obj('coordination.k8s.io/v1', 'Lease', 'n1', { spec: { renewTime: 'a' } }), obj('coordination.k8s.io/v1', 'Lease', 'n1', { spec: { renewTime: 'b' } }), false],
  ['a ConfigMap data change', obj('v1', 'ConfigMap', 'c', { data: { a: '1' } }, { tier: 'a' }), obj('v1', 'ConfigMap', 'c', { data: { a: '2' } }, { tier: 'a' }), false],
  ['labels in another order', obj('v1', 'ConfigMap', 'c', {}, { a: '1', b: '2' }), obj('v1', 'ConfigMap', 'c', {}, { b: '2', a: '1' }), false],
  ['no labels and empty labels', obj('v1', 'ConfigMap', 'c'), obj('v1', 'ConfigMap', 'c', {}, {}), false],
  ['a label changed', obj('v1', 'ConfigMap', 'c', {}, { tier: 'a' }), obj('v1', 'ConfigMap', 'c', {}, { tier: 'b' }), true],
  ['a label added', obj('v1', 'ConfigMap', 'c', {}, { tier: 'a' }), obj('v1', 'ConfigMap', 'c', {}, { tier: 'a', x: '' }), true],
  ['a label removed', obj('v1', 'ConfigMap', 'c', {}, { tier: 'a' }), obj('v1', 'ConfigMap', 'c'), true],
  ['a label renamed, same count', obj('v1', 'ConfigMap', 'c', {}, { a: '1' }), obj('v1', 'ConfigMap', 'c', {}, { b: '1' }), true],
  ['a pod bound (spec.nodeName)', obj('v1', 'Pod', 'p', { spec: {} }), obj('v1', 'Pod', 'p', { spec: { nodeName: 'n1' } }), true],
  ['a pod running (status.phase)', obj('v1', 'Pod', 'p', { status: { phase: 'Pending' } }), obj('v1', 'Pod', 'p', { status: { phase: 'Running' } }), true],
  ['a pod condition only', obj('v1', 'Pod', 'p', { status: { phase: 'Running', conditions: [] } }), obj('v1', 'Pod', 'p', { status: { phase: 'Running', conditions: [{ type: 'Ready' }] } }), false],
  ['a node cordoned (spec.unschedulable)', obj('v1', 'Node', 'n1', { spec: {} }), obj('v1', 'Node', 'n1', { spec: { unschedulable: true } }), true],
  ['a node heartbeat', obj('v1', 'Node', 'n1', { status: { conditions: [{ lastHeartbeatTime: 'a' }] } }), obj('v1', 'Node', 'n1', { status: { conditions: [{ lastHeartbeatTime: 'b' }] } }), false],
  ['an Event counted again', obj('v1', 'Event', 'e', { reason: 'R', count: 1 }), obj('v1', 'Event', 'e', { reason: 'R', count: 2 }), false],
  ['an Event with another reason', obj('v1', 'Event', 'e', { reason: 'R' }), obj('v1', 'Event', 'e', { reason: 'S' }), true],
  ['a ReplicaSet scaled (status.replicas)', obj('apps/v1', 'ReplicaSet', 'r', { status: { replicas: 1 } }), obj('apps/v1', 'ReplicaSet', 'r', { status: { replicas: 2 } }), true],
];

describe('selectorsTellApart: whether an event log must keep a change’s previous state', () => {
  it.each(rows)('%s', (_, prev, next, apart) => {
    expect(selectorsTellApart(prev, next)).toBe(apart);
  });

  // where it says no, the new state stands in for the previous one and every filter decides as with the real one
  const selectors = ['tier=a', 'tier!=a', 'x', '!x', 'a=1', 'b in (1,2)'];
  const fieldSelectors: Record<string, string[]> = {
    Pod: ['spec.nodeName=n1', 'status.phase=Running', 'metadata.name=p'],
    Node: ['spec.unschedulable=true', 'metadata.name=n1'],
    Event: ['reason=R', 'involvedObject.name='],
    ConfigMap: ['metadata.name=c'],
    Lease: ['metadata.name=n1'],
    ReplicaSet: ['status.replicas=2'],
  };
  it.each(rows.filter((r) => !r[3]))('the stand-in decides every filter alike: %s', (_, prev, next) => {
    const group = next.apiVersion.includes('/') ? next.apiVersion.split('/')[0]! : '';
    for (const labelSelector of selectors) {
      for (const fieldSelector of [undefined, ...(fieldSelectors[next.kind] ?? [])]) {
        const filter = compileFilter(group, next.kind, { labelSelector, fieldSelector });
        const e = { rv: 2, resource: 'x', type: 'MODIFIED' as const, object: next };
        expect(eventFor({ ...e, prev: next }, filter)).toEqual(eventFor({ ...e, prev }, filter));
      }
    }
  });
});
