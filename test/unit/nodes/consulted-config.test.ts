import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { consultedConfig } from '../../../shared/nodes/consulted-config';
import { stepPod } from '../../../shared/nodes/pod-lifecycle';
import { resolveProfile } from '../../../shared/nodes';

const node = { metadata: { name: 'n' }, status: { images: [{ names: ['registry.k8s.io/pause:3.10'], sizeBytes: 1 }] } };
const pod: Pod = {
  metadata: { name: 'p', namespace: 'ns', uid: 'u' },
  spec: { nodeName: 'n', containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }] }], volumes: [{ name: 'cfg', configMap: { name: 'settings' } }] },
};

describe('consultedConfig', () => {
  it('notes a lookup of either kind, and holds nothing', () => {
    const a = consultedConfig();
    expect(a.consulted()).toBe(false);
    expect(a.objects.configMaps.get('x')).toBeUndefined();
    expect(a.consulted()).toBe(true);
    const b = consultedConfig();
    expect(b.objects.secrets.has('y')).toBe(false);
    expect(b.consulted()).toBe(true);
  });

  it('a pod step looks at the start (mount, container creation) and not once the pod runs', () => {
    const real = { configMaps: new Map([['settings', { data: { a: '1' } }]]), secrets: new Map() };
    const start = consultedConfig();
    stepPod({ pod, node, profile: resolveProfile(pod), now: 0, config: start.objects });
    expect(start.consulted()).toBe(true);
    const running = stepPod({ pod, node, profile: resolveProfile(pod), now: 0, config: real });
    const later = stepPod({ pod, node, profile: resolveProfile(pod), now: 60_000, state: running.state, config: real });
    expect(later.status.phase).toBe('Running');
    const after = consultedConfig();
    const step = stepPod({ pod, node, profile: resolveProfile(pod), now: 120_000, state: later.state, config: after.objects });
    expect(after.consulted()).toBe(false);
    expect(step.status).toEqual(stepPod({ pod, node, profile: resolveProfile(pod), now: 120_000, state: later.state, config: real }).status);
  });
});
