// hostPort on the host's network (validatePodHostNetworkDeps and SetDefaults_Pod, Kubernetes 1.32): a Pod's
// hostPort defaults to its containerPort and must equal it; a template may leave it 0, nothing else.
import { describe, expect, it } from 'vitest';
import { CauseType } from '../../../shared/api/errors';
import { applyDefaults } from '../../../shared/defaults';
import { validateCreate, validateUpdate } from '../../../shared/validation';

type Obj = Record<string, any>;
type Port = { containerPort: number; hostPort?: number };

const container = (name: string, ports: Port[]): Obj => ({ name, image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File', ports: ports.map((p) => ({ ...p, protocol: 'TCP' })) });
const spec = (hostNetwork: boolean, ports: Port[], initPorts: Port[] = []): Obj => ({
  hostNetwork,
  restartPolicy: 'Always',
  dnsPolicy: 'ClusterFirst',
  containers: [container('web', ports)],
  ...(initPorts.length ? { initContainers: [container('init', initPorts)] } : {}),
});
const pod = (s: Obj): Obj => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: s });
const daemonSet = (s: Obj): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'proxy', namespace: 'kube-system' },
  spec: { selector: { matchLabels: { app: 'proxy' } }, template: { metadata: { labels: { app: 'proxy' } }, spec: s }, updateStrategy: { type: 'OnDelete' }, revisionHistoryLimit: 10 },
});
const mismatch = (field: string, value: number) => [{ reason: CauseType.Invalid, message: `Invalid value: ${value}: must match \`containerPort\` when \`hostNetwork\` is true`, field }];

describe('validatePodHostNetworkDeps', () => {
  it.each<[string, Obj, ReturnType<typeof mismatch>]>([
    ['pod: hostPort = containerPort', pod(spec(true, [{ containerPort: 8080, hostPort: 8080 }])), []],
    ['pod: hostPort differs', pod(spec(true, [{ containerPort: 2600, hostPort: 8080 }])), mismatch('spec.containers[0].ports[0].hostPort', 8080)],
    ['pod: hostPort unset (defaulting did not run) is 0', pod(spec(true, [{ containerPort: 80 }])), mismatch('spec.containers[0].ports[0].hostPort', 0)],
    ['pod: only the differing port, by index', pod(spec(true, [{ containerPort: 80, hostPort: 80 }, { containerPort: 443, hostPort: 8443 }])), mismatch('spec.containers[0].ports[1].hostPort', 8443)],
    ['pod: init containers are not checked', pod(spec(true, [{ containerPort: 80, hostPort: 80 }], [{ containerPort: 81, hostPort: 9000 }])), []],
    ['pod: off the host network any hostPort', pod(spec(false, [{ containerPort: 80, hostPort: 8080 }])), []],
    ['template: hostPort unset is left for the pods', daemonSet(spec(true, [{ containerPort: 80 }])), []],
    ['template: hostPort = containerPort', daemonSet(spec(true, [{ containerPort: 80, hostPort: 80 }])), []],
    ['template: hostPort differs', daemonSet(spec(true, [{ containerPort: 80, hostPort: 8080 }])), mismatch('spec.template.spec.containers[0].ports[0].hostPort', 8080)],
  ])('%s', (_, o, want) => {
    const [group, kind] = o.kind === 'Pod' ? ['', 'Pod'] : ['apps', o.kind];
    expect(validateCreate(group, kind, o)).toEqual(want);
  });

  it('a pod update is checked as a pod', () => {
    const old = pod(spec(true, [{ containerPort: 80, hostPort: 80 }]));
    const next = pod(spec(true, [{ containerPort: 80, hostPort: 8080 }]));
    expect(validateUpdate('', 'Pod', next, old)).toEqual(expect.arrayContaining(mismatch('spec.containers[0].ports[0].hostPort', 8080)));
  });
});

describe('hostPort defaulting on the host network (SetDefaults_Pod)', () => {
  it('a Pod: containers and init containers take their containerPort; a set hostPort stays', () => {
    const out = applyDefaults('', 'v1', 'Pod', pod(spec(true, [{ containerPort: 80 }, { containerPort: 443, hostPort: 8443 }], [{ containerPort: 81 }]))) as Obj;
    expect(out.spec.containers[0].ports.map((p: Obj) => p.hostPort)).toEqual([80, 8443]);
    expect(out.spec.initContainers[0].ports[0].hostPort).toBe(81);
  });

  it('a Pod off the host network keeps no hostPort', () => {
    const out = applyDefaults('', 'v1', 'Pod', pod(spec(false, [{ containerPort: 80 }]))) as Obj;
    expect(out.spec.containers[0].ports[0].hostPort).toBeUndefined();
  });

  it.each([
    ['apps', 'DaemonSet', daemonSet(spec(true, [{ containerPort: 80 }]))],
    ['apps', 'Deployment', { ...daemonSet(spec(true, [{ containerPort: 80 }])), kind: 'Deployment' }],
  ])('a %s/%s template is not defaulted (DefaultHostNetworkHostPortsInPodTemplates is gone)', (group, kind, o) => {
    const out = applyDefaults(group, 'v1', kind, o) as Obj;
    expect(out.spec.template.spec.containers[0].ports[0].hostPort).toBeUndefined();
  });

  it('a defaulted host-network Pod without hostPorts is valid', () => {
    const out = applyDefaults('', 'v1', 'Pod', pod(spec(true, [{ containerPort: 80 }]))) as Obj;
    expect(validateCreate('', 'Pod', out)).toEqual([]);
  });
});
