import { describe, expect, it } from 'vitest';
import { validateEphemeralContainers } from '../../../shared/validation/ephemeral-containers';
import { validateCreate } from '../../../shared/validation';
import { validatePodEphemeralContainersUpdate } from '../../../shared/validation/pod';

type Obj = Record<string, unknown>;
const ec = (name: string, extra: Obj = {}): Obj => ({ name, image: 'busybox', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File', ...extra });

// rows of pkg/apis/core/validation/validation_test.go TestValidateEphemeralContainers: a pod with container
// `ctr`, init container `ictr` and volume `vol`; field paths under `ephemeralContainers`
describe('validateEphemeralContainers (TestValidateEphemeralContainers)', () => {
  const spec = (ephemeralContainers: Obj[]): Obj => ({ containers: [{ name: 'ctr' }], initContainers: [{ name: 'ictr' }], ephemeralContainers });
  const errors = (list: Obj[]) => validateEphemeralContainers(spec(list), 'ephemeralContainers', new Set(['vol'])).map((e) => `${e.reason} ${e.field}`);

  it.each([
    ['Empty Ephemeral Containers', []],
    ['Single Container', [ec('debug')]],
    ['Multiple Containers', [ec('debug1'), ec('debug2')]],
    ['Single Container with Target', [ec('debug', { targetContainerName: 'ctr' })]],
    ['All allowed fields', [ec('debug', { command: ['bash'], args: ['bash'], workingDir: '/', env: [{ name: 'TEST', value: 'TRUE' }], volumeMounts: [{ name: 'vol', mountPath: '/vol' }], terminationMessagePath: '/dev/termination-log', stdin: true, stdinOnce: true, tty: true, resources: {} })]],
  ])('accepts %s', (_t, list) => {
    expect(errors(list)).toEqual([]);
  });

  it.each([
    ['Name Collision with Container.Containers', [ec('ctr'), ec('debug1')], ['FieldValueDuplicate ephemeralContainers[0].name']],
    ['Name Collision with Container.InitContainers', [ec('ictr'), ec('debug1')], ['FieldValueDuplicate ephemeralContainers[0].name']],
    ['Name Collision with EphemeralContainers', [ec('debug1'), ec('debug1')], ['FieldValueDuplicate ephemeralContainers[1].name']],
    ['empty Container', [{}], ['FieldValueRequired ephemeralContainers[0].name', 'FieldValueRequired ephemeralContainers[0].image', 'FieldValueRequired ephemeralContainers[0].imagePullPolicy', 'FieldValueRequired ephemeralContainers[0].terminationMessagePolicy']],
    ['empty Container Name', [ec('')], ['FieldValueRequired ephemeralContainers[0].name']],
    ['whitespace padded image name', [ec('debug', { image: ' image' })], ['FieldValueInvalid ephemeralContainers[0].image']],
    ['invalid image pull policy', [ec('debug', { imagePullPolicy: 'PullThreeTimes' })], ['FieldValueNotSupported ephemeralContainers[0].imagePullPolicy']],
    ['TargetContainerName doesn\'t exist', [ec('debug', { targetContainerName: 'bogus' })], ['FieldValueNotFound ephemeralContainers[0].targetContainerName']],
    ['Targets an ephemeral container', [ec('debug'), ec('debugception', { targetContainerName: 'debug' })], ['FieldValueNotFound ephemeralContainers[1].targetContainerName']],
    ['Container uses disallowed field: Lifecycle', [ec('debug', { lifecycle: { preStop: { exec: { command: ['ls', '-l'] } } } })], ['FieldValueForbidden ephemeralContainers[0].lifecycle']],
    ['Container uses disallowed field: LivenessProbe', [ec('debug', { livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 1 } })], ['FieldValueForbidden ephemeralContainers[0].livenessProbe']],
    ['Container uses disallowed field: Ports', [ec('debug', { ports: [{ protocol: 'TCP', containerPort: 80 }] })], ['FieldValueForbidden ephemeralContainers[0].ports']],
    ['Container uses disallowed field: ReadinessProbe', [ec('debug', { readinessProbe: { tcpSocket: { port: 80 } } })], ['FieldValueForbidden ephemeralContainers[0].readinessProbe']],
    ['Container uses disallowed field: StartupProbe', [ec('debug', { startupProbe: { tcpSocket: { port: 80 }, successThreshold: 1 } })], ['FieldValueForbidden ephemeralContainers[0].startupProbe']],
    ['Container uses disallowed field: Resources', [ec('debug', { resources: { limits: { cpu: '10' } } })], ['FieldValueForbidden ephemeralContainers[0].resources']],
    ['Container uses disallowed field: VolumeMount.SubPath', [ec('debug', { volumeMounts: [{ name: 'vol', mountPath: '/vol' }, { name: 'vol', mountPath: '/volsub', subPath: 'foo' }] })], ['FieldValueForbidden ephemeralContainers[0].volumeMounts[1].subPath']],
    ['Container uses disallowed field: VolumeMount.SubPathExpr', [ec('debug', { volumeMounts: [{ name: 'vol', mountPath: '/vol' }, { name: 'vol', mountPath: '/volsub', subPathExpr: '$(POD_NAME)' }] })], ['FieldValueForbidden ephemeralContainers[0].volumeMounts[1].subPathExpr']],
    ['Disallowed field with other errors should only return a single Forbidden', [ec('debug', { lifecycle: { preStop: { exec: { command: [] } } } })], ['FieldValueForbidden ephemeralContainers[0].lifecycle']],
    ['Container uses disallowed field: ResizePolicy', [ec('resources-resize-policy', { resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }] })], ['FieldValueForbidden ephemeralContainers[0].resizePolicy']],
    ['Forbidden RestartPolicy: Always', [ec('foo', { restartPolicy: 'Always' })], ['FieldValueForbidden ephemeralContainers[0].restartPolicy']],
    ['Forbidden RestartPolicy: empty', [ec('foo', { restartPolicy: '' })], ['FieldValueForbidden ephemeralContainers[0].restartPolicy']],
  ])('refuses %s', (_t, list, want) => {
    expect(errors(list)).toEqual(want);
  });

  it('the message is upstream\'s', () => {
    expect(validateEphemeralContainers(spec([ec('debug', { ports: [{ containerPort: 80, protocol: 'TCP' }] })]), 'spec.ephemeralContainers', new Set())).toEqual([
      { reason: 'FieldValueForbidden', message: 'Forbidden: cannot be set for an Ephemeral Container', field: 'spec.ephemeralContainers[0].ports' },
    ]);
  });
});

// rows of TestValidatePodEphemeralContainersUpdate: makePod (restartPolicy OnFailure) with the ephemeral containers given
describe('validatePodEphemeralContainersUpdate (TestValidatePodEphemeralContainersUpdate)', () => {
  const makePod = (ephemeralContainers: Obj[] | undefined, annotations: Obj = {}): Obj => ({
    metadata: { name: 'pod', namespace: 'ns', resourceVersion: '1', annotations },
    spec: {
      containers: [{ name: 'ctr', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }],
      restartPolicy: 'OnFailure',
      dnsPolicy: 'ClusterFirst',
      ...(ephemeralContainers ? { ephemeralContainers } : {}),
    },
  });
  const update = (next: Obj, old: Obj) => validatePodEphemeralContainersUpdate(next, old).map((e) => `${e.field}: ${e.message}`);

  it.each([
    ['no ephemeral containers', makePod([]), makePod([])],
    ['No change in Ephemeral Containers', makePod([ec('debugger'), ec('debugger2')]), makePod([ec('debugger'), ec('debugger2')])],
    ['Ephemeral Container list order changes', makePod([ec('debugger'), ec('debugger2')]), makePod([ec('debugger2'), ec('debugger')])],
    ['Add an Ephemeral Container', makePod([ec('debugger')]), makePod([])],
    ['Add two Ephemeral Containers', makePod([ec('debugger1'), ec('debugger2')]), makePod([])],
    ['Add to an existing Ephemeral Containers', makePod([ec('debugger'), ec('debugger2')]), makePod([ec('debugger')])],
    ['Add to an existing Ephemeral Containers, list order changes', makePod([ec('debugger3'), ec('debugger2'), ec('debugger')]), makePod([ec('debugger'), ec('debugger2')])],
  ])('accepts: %s', (_t, next, old) => {
    expect(update(next, old)).toEqual([]);
  });

  it('Remove an Ephemeral Container: may not be removed', () => {
    expect(update(makePod([]), makePod([ec('debugger')]))).toEqual(['spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be removed\n']);
  });

  it('Replace an Ephemeral Container: may not be removed', () => {
    expect(update(makePod([ec('firstone')]), makePod([ec('thentheother')]))).toEqual(['spec.ephemeralContainers: Forbidden: existing ephemeral containers "thentheother" may not be removed\n']);
  });

  it('Change an Ephemeral Containers: may not be changed, with what differs', () => {
    const errs = update(makePod([ec('debugger1'), ec('debugger2')]), makePod([ec('debugger1', { image: 'debian' }), ec('debugger2')]));
    expect(errs).toEqual(['spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger1" may not be changed\n- image: "debian"\n+ image: "busybox"']);
  });

  it('Add ephemeral container to static pod: Forbidden: static pods do not support ephemeral containers', () => {
    const mirror = { 'kubernetes.io/config.mirror': 'foo' };
    const next = makePod([ec('debugger1', { image: 'debian' })], mirror);
    const old = makePod(undefined, mirror);
    expect(validatePodEphemeralContainersUpdate(next, old)).toEqual([{ reason: 'FieldValueForbidden', message: 'Forbidden: static pods do not support ephemeral containers', field: '' }]);
  });

  it('the new containers are validated as validateEphemeralContainers does', () => {
    expect(update(makePod([ec('ctr')]), makePod([]))).toEqual(['spec.ephemeralContainers[0].name: Duplicate value: "ctr"']);
  });
});

describe('ephemeral containers outside the subresource', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [ec('ctr')], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', ephemeralContainers: [ec('debugger')] } };

  it('ValidatePodCreate: cannot be set on create', () => {
    expect(validateCreate('', 'Pod', pod).map((e) => `${e.field}: ${e.message}`)).toEqual(['spec.ephemeralContainers: Forbidden: cannot be set on create']);
  });

  it('ValidatePodTemplateSpec: ephemeral containers not allowed in pod template', () => {
    const labels = { app: 'a' };
    const deployment = { metadata: { name: 'd', namespace: 'ns' }, spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: pod.spec } } };
    expect(validateCreate('apps', 'Deployment', deployment).map((e) => `${e.field}: ${e.message}`)).toContain('spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template');
  });
});
