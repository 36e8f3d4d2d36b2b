import { describe, expect, it } from 'vitest';
import type { ConfigMap, Container, Node, Pod, Volume } from 'kubernetes-types/core/v1';
import { buildNode } from '../../../shared/nodes/node-builder';
import { stepPod, type PodRunState, type StepPodResult } from '../../../shared/nodes/pod-lifecycle';
import { resolveProfile } from '../../../shared/nodes/workload-profile';
import type { ConfigObjects } from '../../../shared/nodes/container-config';

const T0 = Date.UTC(2025, 0, 1);
const node: Node = buildNode({ metadata: { name: 'pool' }, spec: { images: [{ names: ['docker.io/library/nginx:1.27'], sizeBytes: 72_000_000 }] } }, 0);

function pod(c: Partial<Container> = {}, volumes: Volume[] = []): Pod {
  return { metadata: { name: 'web', namespace: 'default', uid: 'u1' }, spec: { nodeName: 'pool-0', containers: [{ name: 'app', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', ...c }], volumes } };
}

const none: ConfigObjects = { configMaps: new Map(), secrets: new Map() };
const withCm = (data: Record<string, string>): ConfigObjects => ({ configMaps: new Map([['cfg', { metadata: { name: 'cfg' }, data } as ConfigMap]]), secrets: new Map() });

/** Steps the pod at each time (ms after T0) with the config objects that exist then. */
function run(p: Pod, steps: [number, ConfigObjects?][]): StepPodResult[] {
  let state: PodRunState | undefined;
  let cur = p;
  return steps.map(([t, config]) => {
    const r = stepPod({ pod: cur, node, profile: resolveProfile(cur), now: T0 + t, state, podIP: '10.244.0.2', config });
    state = r.state;
    cur = { ...cur, status: r.status };
    return r;
  });
}

const waiting = (r: StepPodResult) => r.status.containerStatuses![0]!.state!.waiting;
const events = (r: StepPodResult) => r.events.map((e) => `${e.type} ${e.reason} ${e.message}`);

describe('CreateContainerConfigError', () => {
  const p = pod({ env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] });

  it('waits with upstream\'s reason and message, retries every pod sync, and starts once the ConfigMap appears', () => {
    const [a, b, c, d, e] = run(p, [[0, none], [1000, none], [25_000, none], [31_000, withCm({ k: 'v' })], [32_000, withCm({ k: 'v' })]]);
    expect(a!.status.phase).toBe('Pending');
    expect(events(b!)).toEqual([
      'Normal Pulled Container image "nginx:1.27" already present on machine',
      'Warning Failed Error: configmap "cfg" not found',
    ]);
    expect(b!.events[1]!.fieldPath).toBe('spec.containers{app}');
    expect(waiting(b!)).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "cfg" not found' });
    expect(b!.status.phase).toBe('Pending');
    expect(b!.nextDueMs).toBe(T0 + 10_600);
    // retried at 10.6 s and 20.6 s: same error, no new event
    expect(events(c!)).toEqual([]);
    expect(c!.nextDueMs).toBe(T0 + 30_600);
    // the ConfigMap without the key: a new message
    const [, , , keyless] = run(p, [[0, none], [1000, none], [25_000, none], [31_000, withCm({ other: 'v' })]]);
    expect(events(keyless!)).toEqual(["Warning Failed Error: couldn't find key k in ConfigMap default/cfg"]);
    expect(waiting(keyless!)!.message).toBe("couldn't find key k in ConfigMap default/cfg");
    // the ConfigMap with the key: the retry at 30.6 s creates and starts it
    expect(events(d!)).toEqual(['Normal Created Created container: app', 'Normal Started Started container app']);
    expect(d!.status.phase).toBe('Running');
    expect(e!.status.containerStatuses![0]!.state!.running).toBeDefined();
  });

  it('optional references do not block', () => {
    const opt = pod({ env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k', optional: true } } }], envFrom: [{ secretRef: { name: 's', optional: true } }] });
    const [, b] = run(opt, [[0, none], [1000, none]]);
    expect(b!.status.phase).toBe('Running');
  });
});

describe('FailedMount: a volume\'s ConfigMap is missing', () => {
  const p = pod({ volumeMounts: [{ name: 'config', mountPath: '/etc/config' }] }, [{ name: 'config', configMap: { name: 'cfg' } }]);

  it('keeps the pod ContainerCreating without a sandbox, one FailedMount per retry, and mounts at the retry after the ConfigMap appears', () => {
    const [a, b, c, d] = run(p, [[0, none], [4000, none], [5000, withCm({})], [8200, withCm({})]]);
    const msg = 'Warning FailedMount MountVolume.SetUp failed for volume "config" : configmap "cfg" not found';
    expect(events(a!)).toEqual([msg]);
    expect(a!.nextDueMs).toBe(T0 + 500);
    expect(events(b!)).toEqual([msg, msg, msg]); // 0.5 s, 1.5 s, 3.5 s
    expect(waiting(b!)).toEqual({ reason: 'ContainerCreating' });
    expect(b!.status.podIP).toBeUndefined();
    expect(b!.status.conditions!.find((x) => x.type === 'PodReadyToStartContainers')!.status).toBe('False');
    expect(b!.nextDueMs).toBe(T0 + 7500);
    // the ConfigMap exists at 5 s; the next retry is at 7.5 s
    expect(events(c!)).toEqual([]);
    expect(c!.nextDueMs).toBe(T0 + 7500);
    // stepped at 8.2 s: mounted, the sandbox takes 500 ms
    expect(d!.status.phase).toBe('Pending');
    expect(d!.nextDueMs).toBe(T0 + 8700);
    const [, , , , e] = run(p, [[0, none], [4000, none], [5000, withCm({})], [8200, withCm({})], [9000, withCm({})]]);
    expect(e!.status.phase).toBe('Running');
    expect(e!.status.podIP).toBe('10.244.0.2');
  });

  it('a pod deleted while waiting for its volumes goes away', () => {
    const [, b] = run(p, [[0, none], [1000, none]]);
    const deleting: Pod = { ...p, metadata: { ...p.metadata, deletionTimestamp: new Date(T0 + 31_000).toISOString(), deletionGracePeriodSeconds: 30 } };
    const r = stepPod({ pod: deleting, node, profile: resolveProfile(deleting), now: T0 + 2000, state: b!.state, config: none });
    expect(r.deletePod).toBe(true);
  });
});

describe('image pull failures', () => {
  it('ErrImagePull, then ImagePullBackOff with the kubelet\'s back-off, on the cluster clock', () => {
    const p = pod({ image: 'nginx:does-not-exist', imagePullPolicy: undefined });
    const rs = run(p, [[0], [500], [700], [1700], [11_700], [11_900], [21_900]]);
    expect(events(rs[1]!)).toEqual(['Normal Pulling Pulling image "nginx:does-not-exist"']);
    expect(waiting(rs[1]!)).toEqual({ reason: 'ContainerCreating' });
    // the manifest lookup fails after 200 ms
    expect(events(rs[2]!)).toEqual([
      'Warning Failed Failed to pull image "nginx:does-not-exist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:does-not-exist": failed to resolve reference "docker.io/library/nginx:does-not-exist": docker.io/library/nginx:does-not-exist: not found',
      'Warning Failed Error: ErrImagePull',
    ]);
    expect(waiting(rs[2]!)!.reason).toBe('ErrImagePull');
    expect(waiting(rs[2]!)!.message).toMatch(/^rpc error: code = NotFound/);
    expect(rs[2]!.status.phase).toBe('Pending');
    // the sandbox's PLEG event syncs again within a second: in back-off
    expect(events(rs[3]!)).toEqual(['Normal BackOff Back-off pulling image "nginx:does-not-exist"', 'Warning Failed Error: ImagePullBackOff']);
    expect(waiting(rs[3]!)).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:does-not-exist"' });
    // 10 s after the failure the back-off is over: pull again (the status keeps the last sync's reason while it runs)
    expect(events(rs[4]!)).toEqual(['Normal Pulling Pulling image "nginx:does-not-exist"']);
    expect(waiting(rs[4]!)!.reason).toBe('ImagePullBackOff');
    expect(events(rs[5]!)).toEqual(['Warning Failed Failed to pull image "nginx:does-not-exist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:does-not-exist": failed to resolve reference "docker.io/library/nginx:does-not-exist": docker.io/library/nginx:does-not-exist: not found', 'Warning Failed Error: ErrImagePull']);
    expect(rs[5]!.state.containers[0]!.pull).toMatchObject({ reason: 'ErrImagePull', backoffMs: 20_000 });
    // now 20 s: the sync 10 s later is in back-off
    expect(waiting(rs[6]!)!.reason).toBe('ImagePullBackOff');
    expect(rs[6]!.nextDueMs).toBe(T0 + 31_900);
  });

  it('a NodePool\'s missing list makes a tag missing', () => {
    const p = pod({ image: 'nginx:1.99' });
    const r1 = stepPod({ pod: p, node, profile: resolveProfile(p), now: T0, podIP: 'x', missingImages: ['nginx:1.99'] });
    const r2 = stepPod({ pod: p, node, profile: resolveProfile(p), now: T0 + 700, state: r1.state, podIP: 'x', missingImages: ['nginx:1.99'] });
    expect(waiting(r2)!.reason).toBe('ErrImagePull');
  });

  it('IfNotPresent with the image on the node does not ask the registry', () => {
    const present = buildNode({ metadata: { name: 'pool' }, spec: { images: [{ names: ['docker.io/library/nginx:does-not-exist'], sizeBytes: 1 }] } }, 0);
    const p = pod({ image: 'nginx:does-not-exist' });
    const r1 = stepPod({ pod: p, node: present, profile: resolveProfile(p), now: T0 });
    const r2 = stepPod({ pod: p, node: present, profile: resolveProfile(p), now: T0 + 1000, state: r1.state });
    expect(r2.status.phase).toBe('Running');
  });

  it('InvalidImageName: InspectFailed and Failed once, no pull, the pod stays Pending', () => {
    const p = pod({ image: 'nginx:1.27!' });
    const [, b, c] = run(p, [[0], [1000], [60_000]]);
    const msg = 'Failed to apply default image tag "nginx:1.27!": couldn\'t parse image name "nginx:1.27!": invalid reference format';
    expect(events(b!)).toEqual([`Warning InspectFailed ${msg}`, 'Warning Failed Error: InvalidImageName']);
    expect(waiting(b!)).toEqual({ reason: 'InvalidImageName', message: msg });
    expect(b!.nextDueMs).toBeUndefined();
    expect(c!.status.phase).toBe('Pending');
  });

  it('Never with the image absent: ErrImageNeverPull', () => {
    const [, b] = run(pod({ image: 'redis:7', imagePullPolicy: 'Never' }), [[0], [1000]]);
    expect(waiting(b!)).toEqual({ reason: 'ErrImageNeverPull', message: 'Container image "redis:7" is not present with pull policy of Never' });
  });
});
