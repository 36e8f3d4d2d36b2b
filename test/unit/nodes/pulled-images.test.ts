import { describe, expect, it } from 'vitest';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { buildNode } from '../../../shared/nodes/node-builder';
import { stepPod } from '../../../shared/nodes/pod-lifecycle';
import { imagesPulledTo, withNodeImages } from '../../../shared/nodes/pulled-images';
import { resolveProfile } from '../../../shared/nodes/workload-profile';

const T0 = Date.UTC(2026, 0, 1);
const node: Node = buildNode({ metadata: { name: 'pool' }, spec: {} }, 0);
const pod = (name: string, image = 'busybox:1.36'): Pod => ({
  metadata: { name, namespace: 'ns', uid: name },
  spec: { nodeName: 'pool', restartPolicy: 'Never', containers: [{ name: 'w', image, command: ['sh', '-c', 'true'] }] },
});
const run = (p: Pod, n: Node, at: number) => stepPod({ pod: p, node: n, profile: resolveProfile(p), now: at, podIP: '10.244.0.2' });

describe('images pulled onto a node', () => {
  it('count once the pull completed, and the next pod finds them already present', () => {
    const first = pod('a');
    const admitted = run(first, node, T0);
    // the sandbox is not ready yet: nothing pulled
    expect(imagesPulledTo(first, admitted.state)).toEqual([]);
    const pulling = stepPod({ pod: first, node, profile: resolveProfile(first), now: T0 + 600, state: admitted.state, podIP: '10.244.0.2' });
    expect(pulling.events.map((e) => e.reason)).toContain('Pulling');
    expect(imagesPulledTo(first, pulling.state)).toEqual([]); // still pulling (50 MB at 50 MB/s)
    const done = stepPod({ pod: first, node, profile: resolveProfile(first), now: T0 + 5_000, state: pulling.state, podIP: '10.244.0.2' });
    expect(done.status.phase).toBe('Succeeded');
    const images = imagesPulledTo(first, done.state);
    expect(images).toEqual(['docker.io/library/busybox:1.36']);

    const second = pod('b');
    const seen = withNodeImages(node, images);
    const next = stepPod({ pod: second, node: seen, profile: resolveProfile(second), now: T0 + 10_000, state: run(second, seen, T0 + 9_400).state, podIP: '10.244.0.3' });
    expect(next.events.filter((e) => e.reason === 'Pulling')).toEqual([]);
    expect(next.events.find((e) => e.reason === 'Pulled')?.message).toBe('Container image "busybox:1.36" already present on machine');
    // a present image was not pulled by this pod, so it brings nothing new
    expect(imagesPulledTo(second, next.state)).toEqual([]);
  });

  it('withNodeImages adds only what status.images lacks', () => {
    const n = buildNode({ metadata: { name: 'p' }, spec: { images: [{ names: ['docker.io/library/nginx:1.27'], sizeBytes: 1 }] } }, 0);
    expect(withNodeImages(n, ['docker.io/library/nginx:1.27'])).toBe(n);
    expect(withNodeImages(n, ['docker.io/library/busybox:1.36']).status?.images?.map((i) => i.names)).toEqual([['docker.io/library/nginx:1.27'], ['docker.io/library/busybox:1.36']]);
  });
});
