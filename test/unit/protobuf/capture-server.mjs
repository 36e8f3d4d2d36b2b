// Captures the raw request body real kubectl sends, to make decoder fixtures from.
// Serves just enough (version, legacy discovery, two GETs) for typed `kubectl create …` commands,
// saves the first POST body to argv[2], answers 201 and exits. Prints the port on stdout.
// Usage: see ./capture.sh
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';

const out = process.argv[2];
const verbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const r = (name, kind, namespaced, extra = {}) => ({ name, singularName: '', namespaced, kind, verbs, ...extra });
const groups = {
  '': { v1: [r('namespaces', 'Namespace', false), r('configmaps', 'ConfigMap', true), r('secrets', 'Secret', true),
    r('serviceaccounts', 'ServiceAccount', true), r('serviceaccounts/token', 'TokenRequest', true, { group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] }),
    r('services', 'Service', true), r('resourcequotas', 'ResourceQuota', true), r('pods', 'Pod', true)] },
  apps: { v1: [r('deployments', 'Deployment', true), r('deployments/scale', 'Scale', true, { group: 'autoscaling', version: 'v1' })] },
  batch: { v1: [r('jobs', 'Job', true), r('cronjobs', 'CronJob', true)] },
  autoscaling: { v1: [r('horizontalpodautoscalers', 'HorizontalPodAutoscaler', true)] },
  policy: { v1: [r('poddisruptionbudgets', 'PodDisruptionBudget', true)] },
  'rbac.authorization.k8s.io': { v1: [r('roles', 'Role', true), r('rolebindings', 'RoleBinding', true),
    r('clusterroles', 'ClusterRole', false), r('clusterrolebindings', 'ClusterRoleBinding', false)] },
  'scheduling.k8s.io': { v1: [r('priorityclasses', 'PriorityClass', false)] },
  'networking.k8s.io': { v1: [r('ingresses', 'Ingress', true)] },
  'authentication.k8s.io': { v1: [r('selfsubjectreviews', 'SelfSubjectReview', false)] },
  'authorization.k8s.io': { v1: [r('selfsubjectaccessreviews', 'SelfSubjectAccessReview', false), r('selfsubjectrulesreviews', 'SelfSubjectRulesReview', true)] },
};
const template = {
  metadata: { labels: { app: 'nightly' }, annotations: { 'example.com/owner': 'ops' } },
  spec: {
    restartPolicy: 'OnFailure', serviceAccountName: 'batch', terminationGracePeriodSeconds: 0, automountServiceAccountToken: false,
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule', tolerationSeconds: 60 }],
    securityContext: { runAsUser: 1000, runAsNonRoot: true, fsGroup: 2000 },
    volumes: [{ name: 'cfg', configMap: { name: 'cfg', defaultMode: 420, items: [{ key: 'a', path: 'a.txt' }] } },
      { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }],
    initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }],
    containers: [{
      name: 'main', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c'], args: ['date; sleep 1'],
      workingDir: '/work', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      env: [{ name: 'MODE', value: 'nightly' }, { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
        { name: 'PASS', valueFrom: { secretKeyRef: { name: 'db', key: 'password', optional: false } } }],
      envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }],
      resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m', memory: '64Mi' } },
      volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg', readOnly: true }, { name: 'scratch', mountPath: '/tmp' }],
      livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3 },
      readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, timeoutSeconds: 2 },
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
    }],
  },
};
const objects = {
  '/apis/batch/v1/namespaces/default/cronjobs/nightly': {
    kind: 'CronJob', apiVersion: 'batch/v1',
    metadata: { name: 'nightly', namespace: 'default', uid: '11111111-2222-3333-4444-555555555555', resourceVersion: '7', creationTimestamp: '2024-05-01T10:00:00Z' },
    spec: { schedule: '0 3 * * *', jobTemplate: { metadata: { labels: { team: 'ops' } }, spec: { backoffLimit: 2, activeDeadlineSeconds: 600, template } } },
  },
  '/apis/apps/v1/namespaces/default/deployments/web': {
    kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'web', namespace: 'default', uid: 'u-web', resourceVersion: '3' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
  },
};
const answers = {
  token: { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', metadata: {}, spec: { audiences: [] }, status: { token: 'tok', expirationTimestamp: '2030-01-01T00:00:00Z' } },
  selfsubjectaccessreviews: { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec: {}, status: { allowed: true } },
  selfsubjectreviews: { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: {}, status: { userInfo: { username: 'me' } } },
};

const json = (res, code, body) => { res.writeHead(code, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const path = req.url.split('?')[0];
    if (path === '/version') return json(res, 200, { major: '1', minor: '32', gitVersion: 'v1.32.0', platform: 'linux/amd64' });
    if (path === '/api') return json(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] });
    if (path === '/apis') {
      const list = Object.keys(groups).filter(Boolean).map((name) => ({ name, versions: [{ groupVersion: `${name}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' } }));
      return json(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: list });
    }
    const disc = path.match(/^\/(?:api\/(v1)|apis\/([^/]+)\/(v1))$/);
    if (disc) {
      const group = disc[2] ?? '';
      return json(res, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/v1` : 'v1', resources: groups[group]?.v1 ?? [] });
    }
    if (req.method === 'GET' && objects[path]) return json(res, 200, objects[path]);
    if (req.method === 'POST') {
      writeFileSync(out, Buffer.concat(chunks));
      process.stderr.write(`${req.method} ${req.url} ${req.headers['content-type']} ${Buffer.concat(chunks).length}B\n`);
      const m = path.match(/^\/apis?\/(?:([^/]+)\/)?v1\/(?:namespaces\/[^/]+\/)?([^/]+)/);
      const group = path.startsWith('/apis/') ? m[1] : '';
      const kind = groups[group]?.v1.find((x) => x.name === m[2])?.kind;
      const echo = { kind, apiVersion: group ? `${group}/v1` : 'v1', metadata: { name: 'captured', namespace: 'default' } };
      json(res, 201, answers[path.split('/').pop()] ?? echo);
      return setTimeout(() => process.exit(0), 50);
    }
    process.stderr.write(`404 ${req.method} ${req.url}\n`);
    json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' });
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
setTimeout(() => process.exit(2), 20000).unref();
