import { describe, expect, it } from 'vitest';
import { applyDefaults, defaultImagePullPolicy, imageTag } from '../../../shared/defaults';

type Obj = Record<string, any>;

const container = (image: string): Obj => ({ name: 'nginx', image, ports: [{ containerPort: 80 }] });

// What `kubectl get -o yaml` shows for a container after defaulting.
const defaultedContainer = (image: string, pull: string): Obj => ({
  name: 'nginx',
  image,
  imagePullPolicy: pull,
  ports: [{ containerPort: 80, protocol: 'TCP' }],
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
});

const defaultedPodSpec = (image: string, pull: string): Obj => ({
  containers: [defaultedContainer(image, pull)],
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
});

describe('imagePullPolicy (SetDefaults_Container / ParseImageName)', () => {
  it.each([
    ['nginx', 'latest', 'Always'],
    ['nginx:latest', 'latest', 'Always'],
    ['nginx:1.25', '1.25', 'IfNotPresent'],
    ['localhost:5000/nginx', 'latest', 'Always'],
    ['localhost:5000/nginx:v1', 'v1', 'IfNotPresent'],
    ['registry.k8s.io/pause:3.9', '3.9', 'IfNotPresent'],
    ['nginx@sha256:' + 'a'.repeat(64), '', 'IfNotPresent'],
    ['nginx:latest@sha256:' + 'a'.repeat(64), 'latest', 'Always'],
    ['NGINX', '', 'IfNotPresent'],
    ['', '', 'IfNotPresent'],
  ])('%j → tag %j, %s', (image, tag, policy) => {
    expect(imageTag(image)).toBe(tag);
    expect(defaultImagePullPolicy(image)).toBe(policy);
  });
});

describe('applyDefaults', () => {
  it('defaults a Deployment as apps/v1 does', () => {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'nginx', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'nginx' } }, template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [container('nginx:1.25')] } } },
    };
    expect(applyDefaults('apps', 'v1', 'Deployment', dep)).toEqual({
      ...dep,
      spec: {
        replicas: 1,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        selector: { matchLabels: { app: 'nginx' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
        template: { metadata: { labels: { app: 'nginx' } }, spec: defaultedPodSpec('nginx:1.25', 'IfNotPresent') },
      },
    });
  });

  it('does not modify its input', () => {
    const dep = { spec: {} };
    applyDefaults('apps', 'v1', 'Deployment', dep);
    expect(dep).toEqual({ spec: {} });
  });

  it('keeps a Recreate strategy without rollingUpdate', () => {
    const out = applyDefaults('apps', 'v1', 'Deployment', { spec: { strategy: { type: 'Recreate' } } }) as Obj;
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('defaults a Pod including admission plugins', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [container('nginx')] } };
    expect(applyDefaults('', 'v1', 'Pod', pod)).toEqual({
      ...pod,
      spec: {
        ...defaultedPodSpec('nginx', 'Always'),
        enableServiceLinks: true,
        serviceAccountName: 'default',
        serviceAccount: 'default',
        priority: 0,
        preemptionPolicy: 'PreemptLowerPriority',
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
      },
    });
  });

  it('skips admission defaults when asked', () => {
    const out = applyDefaults('', 'v1', 'Pod', { spec: { containers: [container('nginx')] } }, { admission: false }) as Obj;
    expect(out.spec.priority).toBeUndefined();
    expect(out.spec.tolerations).toBeUndefined();
    expect(out.spec.enableServiceLinks).toBe(true);
  });

  it('adds the service account token volume when given a random source', () => {
    const out = applyDefaults('', 'v1', 'Pod', { spec: { containers: [container('nginx')] } }, { rand: () => 0 }) as Obj;
    expect(out.spec.volumes[0].name).toBe('kube-api-access-bbbbb');
    expect(out.spec.volumes[0].projected.defaultMode).toBe(420);
    expect(out.spec.containers[0].volumeMounts).toEqual([
      { name: 'kube-api-access-bbbbb', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
    ]);
  });

  it('keeps a user toleration that already covers not-ready', () => {
    const out = applyDefaults('', 'v1', 'Pod', { spec: { containers: [], tolerations: [{ operator: 'Exists' }] } }) as Obj;
    expect(out.spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('copies limits into missing requests on Pods only', () => {
    const c = { ...container('nginx:1'), resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } } };
    const pod = applyDefaults('', 'v1', 'Pod', { spec: { containers: [c] } }) as Obj;
    expect(pod.spec.containers[0].resources.requests).toEqual({ cpu: '500m', memory: '1Gi' });
    const dep = applyDefaults('apps', 'v1', 'Deployment', { spec: { template: { spec: { containers: [c] } } } }) as Obj;
    expect(dep.spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '500m' });
    expect(dep.spec.template.spec.enableServiceLinks).toBeUndefined();
  });

  it('defaults probes, volumes and field refs', () => {
    const c = {
      ...container('nginx:1'),
      livenessProbe: { httpGet: { port: 80 } },
      env: [{ name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
    };
    const out = applyDefaults('', 'v1', 'Pod', {
      spec: { containers: [c], volumes: [{ name: 'a' }, { name: 'b', configMap: { name: 'cm' } }, { name: 'c', secret: { secretName: 's' } }] },
    }) as Obj;
    expect(out.spec.containers[0].livenessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(out.spec.containers[0].env[0].valueFrom.fieldRef.apiVersion).toBe('v1');
    expect(out.spec.volumes).toEqual([
      { name: 'a', emptyDir: {} },
      { name: 'b', configMap: { name: 'cm', defaultMode: 420 } },
      { name: 'c', secret: { secretName: 's', defaultMode: 420 } },
    ]);
  });

  it('sets hostPort from containerPort on hostNetwork pods', () => {
    const out = applyDefaults('', 'v1', 'Pod', { spec: { hostNetwork: true, containers: [container('nginx:1')] } }) as Obj;
    expect(out.spec.containers[0].ports[0]).toEqual({ containerPort: 80, hostPort: 80, protocol: 'TCP' });
  });

  it.each([
    ['apps', 'ReplicaSet', { spec: {} }, (o: Obj) => o.spec.replicas, 1],
    ['apps', 'StatefulSet', { spec: {} }, (o: Obj) => o.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }],
    ['apps', 'StatefulSet', { spec: {} }, (o: Obj) => o.spec.podManagementPolicy, 'OrderedReady'],
    ['apps', 'StatefulSet', { spec: {} }, (o: Obj) => o.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' }],
    ['apps', 'StatefulSet', { spec: { volumeClaimTemplates: [{ spec: {} }] } }, (o: Obj) => o.spec.volumeClaimTemplates[0], { spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } }],
    ['apps', 'DaemonSet', { spec: {} }, (o: Obj) => o.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }],
    ['apps', 'DaemonSet', { spec: {} }, (o: Obj) => o.spec.revisionHistoryLimit, 10],
    ['batch', 'Job', { spec: {} }, (o: Obj) => [o.spec.completions, o.spec.parallelism, o.spec.backoffLimit, o.spec.completionMode, o.spec.suspend, o.spec.podReplacementPolicy], [1, 1, 6, 'NonIndexed', false, 'TerminatingOrFailed']],
    ['batch', 'Job', { spec: { parallelism: 3 } }, (o: Obj) => [o.spec.completions, o.spec.parallelism], [undefined, 3]],
    ['batch', 'Job', { spec: { template: { metadata: { labels: { a: 'b' } } } } }, (o: Obj) => o.metadata.labels, { a: 'b' }],
    ['batch', 'CronJob', { spec: {} }, (o: Obj) => [o.spec.concurrencyPolicy, o.spec.suspend, o.spec.successfulJobsHistoryLimit, o.spec.failedJobsHistoryLimit], ['Allow', false, 3, 1]],
    ['', 'Secret', {}, (o: Obj) => o.type, 'Opaque'],
    ['', 'Secret', { type: 'kubernetes.io/tls' }, (o: Obj) => o.type, 'kubernetes.io/tls'],
    ['', 'Namespace', { metadata: { name: 'team-a' } }, (o: Obj) => o, { metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }],
    ['', 'Node', { status: { capacity: { cpu: '4' } } }, (o: Obj) => o.status.allocatable, { cpu: '4' }],
    ['autoscaling', 'HorizontalPodAutoscaler', { spec: { maxReplicas: 3 } }, (o: Obj) => o.spec, {
      maxReplicas: 3,
      minReplicas: 1,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    }],
    ['autoscaling', 'HorizontalPodAutoscaler', { spec: { behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } }, (o: Obj) => o.spec.behavior, {
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    }],
  ])('%s %s', (group, kind, obj, pick, want) => {
    const version = kind === 'HorizontalPodAutoscaler' ? 'v2' : 'v1';
    expect(pick(applyDefaults(group, version, kind, obj) as Obj)).toEqual(want);
  });

  it('leaves HPA behavior unset when the user did not set it', () => {
    expect((applyDefaults('autoscaling', 'v2', 'HorizontalPodAutoscaler', { spec: {} }) as Obj).spec.behavior).toBeUndefined();
  });

  it('defaults a Service', () => {
    const svc = { spec: { selector: { app: 'web' }, ports: [{ port: 80 }, { port: 443, targetPort: 'https' }] } };
    expect((applyDefaults('', 'v1', 'Service', svc) as Obj).spec).toEqual({
      selector: { app: 'web' },
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 443, protocol: 'TCP', targetPort: 'https' },
      ],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
    const lb = applyDefaults('', 'v1', 'Service', { spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } }) as Obj;
    expect(lb.spec.externalTrafficPolicy).toBe('Cluster');
    expect(lb.spec.allocateLoadBalancerNodePorts).toBe(true);
    const ext = applyDefaults('', 'v1', 'Service', { spec: { type: 'ExternalName', externalName: 'x.example.com' } }) as Obj;
    expect(ext.spec.ipFamilies).toBeUndefined();
  });

  it('returns unknown kinds unchanged', () => {
    const cr = { spec: { a: 1 } };
    expect(applyDefaults('example.com', 'v1', 'Widget', cr)).toEqual(cr);
  });
});
