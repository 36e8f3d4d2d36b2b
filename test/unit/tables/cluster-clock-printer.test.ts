import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object';
import { DAY, HOUR, ago, cells, headers } from './helpers';

describe('ClusterClock printer', () => {
  it('shows NAME SPEED PAUSED TIME AGE', () => {
    expect(headers('kubeflare.dev', 'ClusterClock')).toEqual({ normal: ['NAME', 'SPEED', 'PAUSED', 'TIME', 'AGE'], wide: ['MESSAGE'] });
  });

  it('shows the cluster time the table is rendered at, not the instant of the last write', () => {
    const clock = {
      apiVersion: 'kubeflare.dev/v1alpha1',
      kind: 'ClusterClock',
      metadata: { name: 'cluster', creationTimestamp: ago(2 * DAY) },
      spec: { speed: 60, paused: false },
      status: { time: ago(HOUR), speed: 60, paused: false, wallAnchor: 0, clusterAnchor: 0 },
    } as unknown as KubeObject;
    expect(cells('kubeflare.dev', 'ClusterClock', clock)).toEqual(['cluster', 60, false, '2024-05-01T12:00:00Z', '2d', '']);
  });

  it('reads a clock without status as real time', () => {
    const clock = { metadata: { name: 'cluster', creationTimestamp: ago(0) } } as KubeObject;
    expect(cells('kubeflare.dev', 'ClusterClock', clock)).toEqual(['cluster', 1, false, '2024-05-01T12:00:00Z', '0s', '']);
  });
});
