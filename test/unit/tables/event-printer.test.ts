import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object';
import { tableColumns } from '../../../shared/tables';
import { HOUR, MIN, SEC, ago, cells, headers } from './helpers';

describe('event printer', () => {
  it('matches kubectl get events headers, with Name only in -o wide', () => {
    expect(headers('', 'Event')).toEqual({
      normal: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
      wide: ['SUBOBJECT', 'SOURCE', 'FIRST SEEN', 'COUNT', 'NAME'],
    });
    expect(tableColumns('events.k8s.io', 'Event')).toEqual(tableColumns('', 'Event'));
    // Cells follow column order: the wide columns are interleaved, not appended.
    expect(tableColumns('', 'Event').map((c) => c.name)).toEqual(['Last Seen', 'Type', 'Reason', 'Object', 'Subobject', 'Source', 'Message', 'First Seen', 'Count', 'Name']);
  });

  it('core v1 event from the kubelet', () => {
    const e: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web-7d4b9c8f5-x2x9q.17c8a1b2c3d4e5f6', namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-7d4b9c8f5-x2x9q', fieldPath: 'spec.containers{app}' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container app in pod web-7d4b9c8f5-x2x9q_default(1234)\n',
      source: { component: 'kubelet', host: 'worker-1' },
      firstTimestamp: ago(HOUR),
      lastTimestamp: ago(30 * SEC),
      count: 12,
      type: 'Warning',
    };
    expect(cells('', 'Event', e)).toEqual([
      '30s',
      'Warning',
      'BackOff',
      'pod/web-7d4b9c8f5-x2x9q',
      'spec.containers{app}',
      'kubelet, worker-1',
      'Back-off restarting failed container app in pod web-7d4b9c8f5-x2x9q_default(1234)',
      '60m',
      12,
      'web-7d4b9c8f5-x2x9q.17c8a1b2c3d4e5f6',
    ]);
  });

  it('new-style event without timestamps uses eventTime, count 1, reporting controller', () => {
    const e: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e1' },
      involvedObject: { kind: 'Node', name: 'worker-1' },
      reason: 'Starting',
      message: 'Starting kubelet.',
      eventTime: ago(5 * MIN).replace('Z', '.123456Z'),
      reportingComponent: 'kubelet',
      reportingInstance: '',
      type: 'Normal',
    };
    // MicroTime's fraction counts: 4m59.877s truncates to 4m59s.
    expect(cells('', 'Event', e)).toEqual(['4m59s', 'Normal', 'Starting', 'node/worker-1', '', 'kubelet', 'Starting kubelet.', '4m59s', 1, 'e1']);
  });

  it('series overrides last seen and count; nameless involved object prints the kind', () => {
    const e: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e2' },
      involvedObject: { kind: 'ClusterRole' },
      firstTimestamp: ago(10 * MIN),
      series: { count: 7, lastObservedTime: ago(2 * MIN) },
      count: 3,
      type: 'Normal',
      reason: 'Ok',
    };
    const c = cells('', 'Event', e);
    expect([c[0], c[3], c[7], c[8]]).toEqual(['2m', 'clusterrole', '10m', 7]);
  });

  it('events.k8s.io/v1 event maps regarding/note/deprecated* fields', () => {
    const e: KubeObject = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'web.1', namespace: 'default' },
      regarding: { kind: 'Deployment', name: 'web', namespace: 'default' },
      note: 'Scaled up replica set web-7d4b9c8f5 to 3',
      reason: 'ScalingReplicaSet',
      type: 'Normal',
      reportingController: 'deployment-controller',
      reportingInstance: '',
      deprecatedSource: { component: 'deployment-controller' },
      deprecatedFirstTimestamp: ago(3 * MIN),
      deprecatedLastTimestamp: ago(3 * MIN),
      deprecatedCount: 1,
      eventTime: null,
    };
    expect(cells('events.k8s.io', 'Event', e)).toEqual([
      '3m',
      'Normal',
      'ScalingReplicaSet',
      'deployment/web',
      '',
      'deployment-controller',
      'Scaled up replica set web-7d4b9c8f5 to 3',
      '3m',
      1,
      'web.1',
    ]);
  });

  it('no timestamps at all prints <unknown>', () => {
    const c = cells('', 'Event', { apiVersion: 'v1', kind: 'Event', metadata: { name: 'x' }, involvedObject: {} });
    expect([c[0], c[7], c[8]]).toEqual(['<unknown>', '<unknown>', 1]);
  });
});
