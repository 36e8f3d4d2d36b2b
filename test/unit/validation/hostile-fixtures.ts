import type { KubeObject } from '../../../shared/api/object';

/** One valid object per built-in kind with a schema: the base the hostile-shape table mutates. */
const podSpec = {
  restartPolicy: 'Always',
  containers: [
    {
      name: 'app',
      image: 'nginx:1.27',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      env: [{ name: 'A', value: '1' }],
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
      readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
      volumeMounts: [{ name: 'data', mountPath: '/data' }],
    },
  ],
  volumes: [{ name: 'data', emptyDir: {} }],
  tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }],
      },
    },
  },
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
  nodeSelector: { disk: 'ssd' },
};
const template = { metadata: { labels: { app: 'web' } }, spec: podSpec };
const selector = { matchLabels: { app: 'web' } };
const meta = (name: string) => ({ name, labels: { app: 'web' }, annotations: { note: 'x' } });

export const HOSTILE_BASES: Record<string, KubeObject> = {
  '/Namespace': { apiVersion: 'v1', kind: 'Namespace', metadata: meta('ns1') },
  '/Pod': { apiVersion: 'v1', kind: 'Pod', metadata: meta('p'), spec: podSpec },
  '/Node': {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta('n1'),
    spec: { podCIDR: '10.0.0.0/24', taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] },
    status: { capacity: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
  },
  '/Event': {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'e.1', namespace: 'team' },
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'team' },
    reason: 'Started',
    message: 'm',
    type: 'Normal',
    count: 1,
    source: { component: 'kubelet' },
  },
  '/ConfigMap': { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('c'), data: { a: '1' }, binaryData: { b: 'AAE=' } },
  '/Secret': { apiVersion: 'v1', kind: 'Secret', metadata: meta('s'), type: 'Opaque', data: { a: 'YQ==' }, stringData: { b: 'x' } },
  '/Service': {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('svc'),
    spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
  },
  '/ServiceAccount': { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('sa'), secrets: [{ name: 'x' }] },
  '/Endpoints': {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta('svc'),
    subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] }],
  },
  'discovery.k8s.io/EndpointSlice': {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta('svc-abc12'),
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'n1', zone: 'z1', hints: { forZones: [{ name: 'z1' }] } }],
  },
  'apps/Deployment': {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('d'),
    spec: { replicas: 2, selector, template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } } },
  },
  'apps/ReplicaSet': { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('rs'), spec: { replicas: 2, selector, template } },
  'apps/DaemonSet': { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('ds'), spec: { selector, template } },
  'apps/StatefulSet': {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta('sts'),
    spec: {
      replicas: 1,
      serviceName: 'svc',
      selector,
      template,
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  },
  'coordination.k8s.io/Lease': {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: meta('l'),
    spec: { holderIdentity: 'h', leaseDurationSeconds: 40, renewTime: '2024-01-01T00:00:00.000000Z' },
  },
  'autoscaling/HorizontalPodAutoscaler': {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta('h'),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      behavior: { scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
    },
  },
  'policy/PodDisruptionBudget': { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('pdb'), spec: { minAvailable: 1, selector } },
  'events.k8s.io/Event': {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: 'e.2' },
    eventTime: '2024-01-01T00:00:00.000000Z',
    reportingController: 'kubelet',
    reportingInstance: 'n1',
    action: 'Started',
    reason: 'Started',
    type: 'Normal',
    regarding: { kind: 'Pod', name: 'p', namespace: 'team' },
  },
  'batch/Job': { apiVersion: 'batch/v1', kind: 'Job', metadata: meta('j'), spec: { completions: 2, parallelism: 1, backoffLimit: 3, template: { ...template, spec: { ...podSpec, restartPolicy: 'Never' } } } },
  'batch/CronJob': {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta('cj'),
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { ...template, spec: { ...podSpec, restartPolicy: 'OnFailure' } } } } },
  },
  '/PersistentVolumeClaim': {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta('data'),
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard' },
  },
  '/PersistentVolume': {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv0' },
    spec: { capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'manual', hostPath: { path: '/data/pv0' } },
  },
  'storage.k8s.io/StorageClass': { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'kubeflare.dev/simulated', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer', parameters: { type: 'ssd' } },
  '/ResourceQuota': { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('q'), spec: { hard: { pods: '10', 'requests.cpu': '4', 'limits.memory': '8Gi' } } },
  '/LimitRange': {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: meta('limits'),
    spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' }, max: { cpu: '2' }, min: { cpu: '50m' } }] },
  },
  'apps/ControllerRevision': { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: meta('ds-5d8f7c'), revision: 1, data: { spec: { template } } },
  'scheduling.k8s.io/PriorityClass': { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: meta('pc'), value: 1000, description: 'd' },
  // Kubeflare's own kinds (shared/openapi/kubeflare-schemas.ts); SchedulingExplanation is a dry run, never admitted,
  // but its body is read against the same schema
  'kubeflare.dev/NodePool': {
    apiVersion: 'kubeflare.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name: 'pool' },
    spec: { nodes: 2, capacity: { cpu: '4', memory: '8Gi' }, zones: ['zone-a'], labels: { tier: 'web' }, taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }], heartbeat: { leaseRenewIntervalSeconds: 10 }, faults: { notReady: false } },
  },
  'kubeflare.dev/WorkloadProfile': {
    apiVersion: 'kubeflare.dev/v1alpha1',
    kind: 'WorkloadProfile',
    metadata: meta('wp'),
    spec: {
      cpu: { type: 'sine', base: '200m', amplitude: '100m', periodSeconds: 60 },
      memory: { type: 'constant', value: '128Mi' },
      startupSeconds: 2,
      containers: { app: { exitAfterSeconds: 30, exitCode: 1 } },
      load: { requestsPerSecond: { type: 'step', steps: [{ at: 0, value: 10 }] }, cpuPerRequest: '2m' },
    },
  },
  'kubeflare.dev/ClusterClock': { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'ClusterClock', metadata: { name: 'cluster' }, spec: { speed: 2, paused: false, advance: '1m' } },
  'kubeflare.dev/SchedulingExplanation': { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'SchedulingExplanation', metadata: meta('x'), spec: { pod: { metadata: { name: 'p' }, spec: podSpec } } },
  'kubeflare.dev/NetworkPath': { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NetworkPath', metadata: meta('x'), spec: { from: { pod: 'a' }, to: { service: 'web' }, port: 80, protocol: 'TCP' } },
  'kubeflare.dev/NodeNetwork': { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodeNetwork', metadata: { name: 'node-0' }, status: { backend: 'vxlan', routes: ['10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink'] } },
  'networking.k8s.io/NetworkPolicy': {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta('np'),
    spec: {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ protocol: 'TCP', port: 80, endPort: 90 }] }],
      egress: [{ to: [{ namespaceSelector: {} }], ports: [{ port: 'dns' }] }],
    },
  },
};
