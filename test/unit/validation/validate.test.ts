import { describe, expect, it } from 'vitest';
import { CauseType, invalid as invalidError } from '../../../shared/api/errors';
import { validateCreate, validateUpdate } from '../../../shared/validation';

type Obj = Record<string, any>;
const clone = <T>(v: T): T => structuredClone(v);

const podSpec = (): Obj => ({
  restartPolicy: 'Always',
  dnsPolicy: 'ClusterFirst',
  containers: [
    {
      name: 'web',
      image: 'nginx:1.25',
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePolicy: 'File',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
    },
  ],
});
const pod = (): Obj => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: podSpec() });
const deployment = (): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: podSpec() },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  },
});

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

function mutate(base: () => Obj, fn: (o: Obj) => void): Obj {
  const o = base();
  fn(o);
  return o;
}

describe('validateCreate', () => {
  it.each([
    ['', 'Pod', pod()],
    ['apps', 'Deployment', deployment()],
    ['', 'ConfigMap', { metadata: { name: 'c', namespace: 'd' }, data: { 'key.name': 'v' } }],
    ['', 'Namespace', { metadata: { name: 'team-a' }, spec: { finalizers: ['kubernetes'] } }],
    ['', 'Service', { metadata: { name: 'web', namespace: 'd' }, spec: { type: 'ClusterIP', ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] } }],
  ])('%s/%s fixture is valid', (group, kind, obj) => {
    expect(validateCreate(group, kind, obj)).toEqual([]);
  });

  // [description, group, kind, object, expected causes]
  it.each<[string, string, string, Obj, Array<{ reason: string; message: string; field: string }>]>([
    [
      'bad name',
      '',
      'Pod',
      mutate(pod, (o) => (o.metadata.name = 'Foo_Bar')),
      [{ reason: CauseType.Invalid, message: `Invalid value: "Foo_Bar": ${SUBDOMAIN}`, field: 'metadata.name' }],
    ],
    [
      'missing name',
      '',
      'ConfigMap',
      { metadata: { namespace: 'd' } },
      [{ reason: CauseType.Required, message: 'Required value: name or generateName is required', field: 'metadata.name' }],
    ],
    ['no containers', '', 'Pod', mutate(pod, (o) => (o.spec.containers = [])), [{ reason: CauseType.Required, message: 'Required value', field: 'spec.containers' }]],
    [
      'missing image',
      '',
      'Pod',
      mutate(pod, (o) => delete o.spec.containers[0].image),
      [{ reason: CauseType.Required, message: 'Required value', field: 'spec.containers[0].image' }],
    ],
    [
      'duplicate container names',
      '',
      'Pod',
      mutate(pod, (o) => o.spec.containers.push(clone(o.spec.containers[0]))),
      [{ reason: CauseType.Duplicate, message: 'Duplicate value: "web"', field: 'spec.containers[1].name' }],
    ],
    [
      'port out of range',
      '',
      'Pod',
      mutate(pod, (o) => (o.spec.containers[0].ports[0].containerPort = 70000)),
      [{ reason: CauseType.Invalid, message: 'Invalid value: 70000: must be between 1 and 65535, inclusive', field: 'spec.containers[0].ports[0].containerPort' }],
    ],
    [
      'requests above limits',
      '',
      'Pod',
      mutate(pod, (o) => (o.spec.containers[0].resources = { requests: { cpu: '2' }, limits: { cpu: '500m' } })),
      [{ reason: CauseType.Invalid, message: 'Invalid value: "2": must be less than or equal to cpu limit of 500m', field: 'spec.containers[0].resources.requests' }],
    ],
    [
      'bad restartPolicy',
      '',
      'Pod',
      mutate(pod, (o) => (o.spec.restartPolicy = 'Sometimes')),
      [{ reason: CauseType.NotSupported, message: 'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"', field: 'spec.restartPolicy' }],
    ],
    [
      'bad label value',
      '',
      'Pod',
      mutate(pod, (o) => (o.metadata.labels = { app: '-x' })),
      [
        {
          reason: CauseType.Invalid,
          message:
            "Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
          field: 'metadata.labels',
        },
      ],
    ],
    [
      'annotations over 256KiB',
      '',
      'ConfigMap',
      { metadata: { name: 'c', namespace: 'd', annotations: { a: 'x'.repeat(256 * 1024) } } },
      [{ reason: CauseType.TooLong, message: 'Too long: must have at most 262144 bytes', field: 'metadata.annotations' }],
    ],
    ['deployment without selector', 'apps', 'Deployment', mutate(deployment, (o) => delete o.spec.selector), [{ reason: CauseType.Required, message: 'Required value', field: 'spec.selector' }]],
    [
      'selector does not match template',
      'apps',
      'Deployment',
      mutate(deployment, (o) => (o.spec.template.metadata.labels = { app: 'other' })),
      [{ reason: CauseType.Invalid, message: 'Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`', field: 'spec.template.metadata.labels' }],
    ],
    [
      'empty selector',
      'apps',
      'Deployment',
      mutate(deployment, (o) => (o.spec.selector = {})),
      [{ reason: CauseType.Invalid, message: 'Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment', field: 'spec.selector' }],
    ],
    ['negative replicas', 'apps', 'Deployment', mutate(deployment, (o) => (o.spec.replicas = -1)), [{ reason: CauseType.Invalid, message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' }]],
    [
      'maxSurge and maxUnavailable both zero',
      'apps',
      'Deployment',
      mutate(deployment, (o) => (o.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: '0%' })),
      [{ reason: CauseType.Invalid, message: 'Invalid value: "0%": may not be 0 when `maxSurge` is 0', field: 'spec.strategy.rollingUpdate.maxUnavailable' }],
    ],
    [
      'maxUnavailable over 100%',
      'apps',
      'Deployment',
      mutate(deployment, (o) => (o.spec.strategy.rollingUpdate.maxUnavailable = '150%')),
      [{ reason: CauseType.Invalid, message: 'Invalid value: "150%": must not be greater than 100%', field: 'spec.strategy.rollingUpdate.maxUnavailable' }],
    ],
    [
      'template restartPolicy Never',
      'apps',
      'Deployment',
      mutate(deployment, (o) => (o.spec.template.spec.restartPolicy = 'Never')),
      [{ reason: CauseType.NotSupported, message: 'Unsupported value: "Never": supported values: "Always"', field: 'spec.template.spec.restartPolicy' }],
    ],
    [
      'template container image missing',
      'apps',
      'Deployment',
      mutate(deployment, (o) => (o.spec.template.spec.containers[0].image = '')),
      [{ reason: CauseType.Required, message: 'Required value', field: 'spec.template.spec.containers[0].image' }],
    ],
    [
      'service name must be DNS-1035',
      '',
      'Service',
      { metadata: { name: '1web', namespace: 'd' }, spec: { ports: [{ port: 80, protocol: 'TCP' }] } },
      [
        {
          reason: CauseType.Invalid,
          message:
            "Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
          field: 'metadata.name',
        },
      ],
    ],
    [
      'service type',
      '',
      'Service',
      { metadata: { name: 'web', namespace: 'd' }, spec: { type: 'Weird', ports: [{ port: 80, protocol: 'TCP' }] } },
      [{ reason: CauseType.NotSupported, message: 'Unsupported value: "Weird": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"', field: 'spec.type' }],
    ],
    ['service without ports', '', 'Service', { metadata: { name: 'web', namespace: 'd' }, spec: { type: 'ClusterIP' } }, [{ reason: CauseType.Required, message: 'Required value', field: 'spec.ports' }]],
    [
      'configmap key',
      '',
      'ConfigMap',
      { metadata: { name: 'c', namespace: 'd' }, data: { 'a b': 'x' } },
      [
        {
          reason: CauseType.Invalid,
          message:
            "Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
          field: 'data[a b]',
        },
      ],
    ],
    ['configmap over 1MiB', '', 'ConfigMap', { metadata: { name: 'c', namespace: 'd' }, data: { a: 'x'.repeat(1024 * 1024 + 1) } }, [{ reason: CauseType.TooLong, message: 'Too long: must have at most 1048576 bytes', field: '' }]],
    ['tls secret without key', '', 'Secret', { metadata: { name: 's', namespace: 'd' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'YQ==' } }, [{ reason: CauseType.Required, message: 'Required value', field: 'data[tls.key]' }]],
    [
      'namespace name is a DNS label',
      '',
      'Namespace',
      { metadata: { name: 'a.b' } },
      [{ reason: CauseType.Invalid, message: 'Invalid value: "a.b": must not contain dots', field: 'metadata.name' }],
    ],
    ['namespace on a cluster-scoped kind', '', 'Node', { metadata: { name: 'n1', namespace: 'x' } }, [{ reason: CauseType.Forbidden, message: 'Forbidden: not allowed on this type', field: 'metadata.namespace' }]],
    [
      'node taint effect',
      '',
      'Node',
      { metadata: { name: 'n1' }, spec: { taints: [{ key: 'k', effect: 'Sometimes' }] } },
      [{ reason: CauseType.NotSupported, message: 'Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"', field: 'spec.taints[0].effect' }],
    ],
    ['lease duration', 'coordination.k8s.io', 'Lease', { metadata: { name: 'l', namespace: 'd' }, spec: { leaseDurationSeconds: 0 } }, [{ reason: CauseType.Invalid, message: 'Invalid value: 0: must be greater than 0', field: 'spec.leaseDurationSeconds' }]],
    [
      'hpa min > max',
      'autoscaling',
      'HorizontalPodAutoscaler',
      { metadata: { name: 'h', namespace: 'd' }, spec: { minReplicas: 5, maxReplicas: 2, scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' } } },
      [{ reason: CauseType.Invalid, message: 'Invalid value: 2: must be greater than or equal to `minReplicas`', field: 'spec.maxReplicas' }],
    ],
    [
      'hpa maxReplicas 0 and missing ref',
      'autoscaling',
      'HorizontalPodAutoscaler',
      { metadata: { name: 'h', namespace: 'd' }, spec: { maxReplicas: 0, scaleTargetRef: {} } },
      [
        { reason: CauseType.Invalid, message: 'Invalid value: 0: must be greater than 0', field: 'spec.maxReplicas' },
        { reason: CauseType.Required, message: 'Required value', field: 'spec.scaleTargetRef.kind' },
        { reason: CauseType.Required, message: 'Required value', field: 'spec.scaleTargetRef.name' },
      ],
    ],
    [
      'pdb with both bounds',
      'policy',
      'PodDisruptionBudget',
      { metadata: { name: 'p', namespace: 'd' }, spec: { minAvailable: 1, maxUnavailable: 1 } },
      [{ reason: CauseType.Invalid, message: 'Invalid value: {"minAvailable":1,"maxUnavailable":1}: minAvailable and maxUnavailable cannot be both set', field: 'spec' }],
    ],
    [
      'event namespace mismatch',
      '',
      'Event',
      { metadata: { name: 'e', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'other' } },
      [{ reason: CauseType.Invalid, message: 'Invalid value: "other": does not match event.namespace', field: 'involvedObject.namespace' }],
    ],
  ])('%s', (_desc, group, kind, obj, want) => {
    expect(validateCreate(group, kind, obj)).toEqual(want);
  });

  it('renders as upstream 422 message through invalid()', () => {
    const causes = validateCreate('apps', 'Deployment', mutate(deployment, (o) => delete o.spec.selector));
    expect(invalidError('Deployment', 'apps', 'web', causes).message).toBe('Deployment.apps "web" is invalid: spec.selector: Required value');
  });
});

describe('validateUpdate', () => {
  it('allows changing a pod image', () => {
    const next = mutate(pod, (o) => (o.spec.containers[0].image = 'nginx:1.26'));
    expect(validateUpdate('', 'Pod', next, pod())).toEqual([]);
  });

  it('forbids other pod spec changes', () => {
    const next = mutate(pod, (o) => (o.spec.containers[0].ports[0].containerPort = 81));
    const causes = validateUpdate('', 'Pod', next, pod());
    expect(causes).toHaveLength(1);
    expect(causes[0]!.reason).toBe(CauseType.Forbidden);
    expect(causes[0]!.field).toBe('spec');
    expect(causes[0]!.message).toMatch(
      /^Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\),`spec.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n/,
    );
  });

  it('allows adding tolerations but not changing existing ones', () => {
    const old = mutate(pod, (o) => (o.spec.tolerations = [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]));
    const added = mutate(pod, (o) => (o.spec.tolerations = [...old.spec.tolerations, { key: 'b', operator: 'Exists' }]));
    expect(validateUpdate('', 'Pod', added, old)).toEqual([]);
    const seconds = mutate(pod, (o) => (o.spec.tolerations = [{ ...old.spec.tolerations[0], tolerationSeconds: 10 }]));
    expect(validateUpdate('', 'Pod', seconds, old)).toEqual([]);
    const changed = mutate(pod, (o) => (o.spec.tolerations = [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }]));
    expect(validateUpdate('', 'Pod', changed, old)).toContainEqual({
      reason: CauseType.Forbidden,
      message: 'Forbidden: existing toleration can not be modified except its tolerationSeconds',
      field: 'spec.tolerations',
    });
  });

  it('forbids raising activeDeadlineSeconds', () => {
    const old = mutate(pod, (o) => (o.spec.activeDeadlineSeconds = 10));
    const next = mutate(pod, (o) => (o.spec.activeDeadlineSeconds = 20));
    expect(validateUpdate('', 'Pod', next, old)).toContainEqual({
      reason: CauseType.Invalid,
      message: 'Invalid value: 20: must be less than or equal to previous value',
      field: 'spec.activeDeadlineSeconds',
    });
  });

  it('makes a deployment selector immutable', () => {
    const next = mutate(deployment, (o) => {
      o.spec.selector = { matchLabels: { app: 'x' } };
      o.spec.template.metadata.labels = { app: 'x' };
    });
    expect(validateUpdate('apps', 'Deployment', next, deployment())).toEqual([
      { reason: CauseType.Invalid, message: 'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable', field: 'spec.selector' },
    ]);
  });

  it('allows scaling and template changes of a deployment', () => {
    const next = mutate(deployment, (o) => {
      o.spec.replicas = 5;
      o.spec.template.spec.containers[0].image = 'nginx:2';
    });
    expect(validateUpdate('apps', 'Deployment', next, deployment())).toEqual([]);
  });

  it('keeps metadata.name immutable', () => {
    const next = mutate(pod, (o) => (o.metadata.name = 'other'));
    expect(validateUpdate('', 'Pod', next, pod())).toContainEqual({
      reason: CauseType.Invalid,
      message: 'Invalid value: "other": field is immutable',
      field: 'metadata.name',
    });
  });

  it('keeps a service clusterIP', () => {
    const svc = (ip: string): Obj => ({ metadata: { name: 'web', namespace: 'd' }, spec: { type: 'ClusterIP', clusterIP: ip, clusterIPs: [ip], ports: [{ port: 80, protocol: 'TCP' }] } });
    expect(validateUpdate('', 'Service', svc('10.0.0.2'), svc('10.0.0.1'))).toEqual([
      { reason: CauseType.Invalid, message: 'Invalid value: []string{"10.0.0.2"}: may not change once set', field: 'spec.clusterIPs[0]' },
    ]);
    const omitted = svc('10.0.0.1');
    delete omitted.spec.clusterIP;
    delete omitted.spec.clusterIPs;
    expect(validateUpdate('', 'Service', omitted, svc('10.0.0.1'))).toEqual([]);
  });

  it('keeps an immutable ConfigMap and a Secret type', () => {
    const cm = { metadata: { name: 'c', namespace: 'd' }, immutable: true, data: { a: '1' } };
    expect(validateUpdate('', 'ConfigMap', { ...cm, data: { a: '2' } }, cm)).toEqual([
      { reason: CauseType.Forbidden, message: 'Forbidden: field is immutable when `immutable` is set', field: 'data' },
    ]);
    const s = { metadata: { name: 's', namespace: 'd' }, type: 'Opaque' };
    expect(validateUpdate('', 'Secret', { ...s, type: 'example.com/x' }, s)).toEqual([
      { reason: CauseType.Invalid, message: 'Invalid value: "example.com/x": field is immutable', field: 'type' },
    ]);
  });

  it('forbids statefulset spec changes outside the updatable set', () => {
    const sts = (svcName: string): Obj => ({
      metadata: { name: 's', namespace: 'd' },
      spec: { serviceName: svcName, replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: podSpec() } },
    });
    expect(validateUpdate('apps', 'StatefulSet', sts('x'), sts('y'))).toEqual([
      {
        reason: CauseType.Forbidden,
        message:
          "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        field: 'spec',
      },
    ]);
  });
});
