// Real request bodies from kubectl 1.32.5 (captured by ./capture.sh), decoded and compared with the JSON the
// same command prints with `--dry-run=client -o json`: that is the Go struct kubectl would have sent as JSON.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from '../../../shared/protobuf';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);
const decode = (name: string) => decodeKubernetesProtobuf(new Uint8Array(readFileSync(fixture(`${name}.bin`))));
type Any = any;
const b64 = (s: string) => Buffer.from(s).toString('base64');

const cases: { name: string; command: string; check: (o: Any) => void }[] = [
  {
    name: 'deployment',
    command: 'create deployment web --image=nginx:1.25 --replicas=3 --port=80',
    check: (o) => {
      expect([o.kind, o.apiVersion, o.metadata.name]).toEqual(['Deployment', 'apps/v1', 'web']);
      expect(o.metadata.labels).toEqual({ app: 'web' });
      expect(o.metadata.creationTimestamp).toBeNull();
      expect(o.spec.replicas).toBe(3);
      expect(o.spec.selector).toEqual({ matchLabels: { app: 'web' } });
      expect(o.spec.template.spec.containers).toEqual([
        { name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }], resources: {} },
      ]);
      expect(o.spec.strategy).toEqual({});
      expect(o.status).toEqual({});
    },
  },
  {
    name: 'deployment-zero',
    command: 'create deployment idle --image=nginx --replicas=0',
    // replicas is a pointer: an explicit 0 must survive, or the server would default it to 1
    check: (o) => expect(o.spec.replicas).toBe(0),
  },
  {
    name: 'deployment-multi',
    command: 'create deployment multi --image=nginx:1.25 --image=redis:7',
    check: (o) => expect(o.spec.template.spec.containers.map((c: Any) => [c.name, c.image])).toEqual([['nginx', 'nginx:1.25'], ['redis', 'redis:7']]),
  },
  {
    name: 'namespace',
    command: 'create namespace team-a',
    check: (o) => expect(o).toMatchObject({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'team-a' }, spec: {}, status: {} }),
  },
  {
    name: 'configmap',
    command: 'create configmap settings --from-literal=mode=fast --from-literal=level=3',
    check: (o) => expect(o.data).toEqual({ mode: 'fast', level: '3' }),
  },
  {
    name: 'configmap-files',
    command: 'create configmap files --from-file=blob.bin --from-file=notes.txt (blob.bin is not UTF-8)',
    check: (o) => {
      expect(o.data).toEqual({ 'notes.txt': 'plain text\n' });
      expect(o.binaryData).toEqual({ 'blob.bin': Buffer.from([0x00, 0xff, 0x62, 0x69, 0x6e]).toString('base64') });
    },
  },
  {
    name: 'secret-generic',
    command: "create secret generic db --from-literal=user=admin --from-literal=password='s3cr=t!'",
    check: (o) => {
      expect(o.data).toEqual({ user: b64('admin'), password: b64('s3cr=t!') });
      expect(o.type).toBeUndefined(); // kubectl leaves it to the server to default to Opaque
    },
  },
  {
    name: 'secret-tls',
    command: 'create secret tls web-tls --cert=tls.crt --key=tls.key',
    check: (o) => {
      expect(o.type).toBe('kubernetes.io/tls');
      expect(Buffer.from(o.data['tls.crt'], 'base64').toString()).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
      expect(Buffer.from(o.data['tls.key'], 'base64').toString()).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    },
  },
  {
    name: 'secret-docker',
    command: 'create secret docker-registry regcred --docker-server=registry.example.com --docker-username=bob …',
    check: (o) => {
      expect(o.type).toBe('kubernetes.io/dockerconfigjson');
      const config = JSON.parse(Buffer.from(o.data['.dockerconfigjson'], 'base64').toString());
      expect(config.auths['registry.example.com']).toMatchObject({ username: 'bob', password: 'pw', auth: b64('bob:pw') });
    },
  },
  {
    name: 'serviceaccount',
    command: 'create serviceaccount builder',
    check: (o) => expect(o).toEqual({ kind: 'ServiceAccount', apiVersion: 'v1', metadata: { name: 'builder', creationTimestamp: null } }),
  },
  {
    name: 'job',
    command: 'create job once --image=busybox -- echo hello',
    check: (o) => {
      expect(o.spec.template.spec.restartPolicy).toBe('Never');
      expect(o.spec.template.spec.containers[0].command).toEqual(['echo', 'hello']);
    },
  },
  {
    name: 'job-from-cronjob',
    command: 'create job manual-1 --from=cronjob/nightly (a full pod template copied from the CronJob)',
    check: (o) => {
      expect(o.metadata.ownerReferences).toEqual([
        { apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: '11111111-2222-3333-4444-555555555555', controller: true },
      ]);
      expect(o.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
      expect([o.spec.backoffLimit, o.spec.activeDeadlineSeconds]).toEqual([2, 600]);
      const pod = o.spec.template.spec;
      // pointer fields set to zero values stay
      expect([pod.terminationGracePeriodSeconds, pod.automountServiceAccountToken]).toEqual([0, false]);
      expect(pod.volumes[0]).toEqual({ name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'a', path: 'a.txt' }], defaultMode: 420 } });
      expect(pod.volumes[1]).toEqual({ name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } });
      expect(pod.tolerations[0].tolerationSeconds).toBe(60);
      const c = pod.containers[0];
      expect(c.resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m', memory: '64Mi' } });
      expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http', scheme: 'HTTP' });
      expect(c.env[1]).toEqual({ name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } });
      expect(c.env[2].valueFrom.secretKeyRef).toEqual({ name: 'db', key: 'password', optional: false });
      expect(c.envFrom).toEqual([{ prefix: 'CFG_', configMapRef: { name: 'cfg' } }]);
      expect(c.securityContext).toEqual({ capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    },
  },
  {
    name: 'cronjob',
    command: "create cronjob nightly --image=busybox --schedule='*/5 * * * *' --restart=OnFailure -- date",
    check: (o) => {
      expect(o.spec.schedule).toBe('*/5 * * * *');
      expect(o.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
    },
  },
  {
    name: 'service-clusterip',
    command: 'create service clusterip api --tcp=80:8080 --tcp=443:8443',
    check: (o) => {
      expect(o.spec.type).toBe('ClusterIP');
      expect(o.spec.ports[0]).toEqual({ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 });
      expect(o.status).toEqual({ loadBalancer: {} });
    },
  },
  {
    name: 'service-nodeport',
    command: 'create service nodeport np --tcp=80:8080 --node-port=30080',
    check: (o) => expect(o.spec.ports[0].nodePort).toBe(30080),
  },
  {
    name: 'service-loadbalancer',
    command: 'create service loadbalancer lb --tcp=443:8443',
    check: (o) => expect([o.spec.type, o.spec.ports[0].targetPort]).toEqual(['LoadBalancer', 8443]),
  },
  {
    name: 'service-externalname',
    command: 'create service externalname ext --external-name=db.example.com',
    check: (o) => expect(o.spec).toEqual({ selector: { app: 'ext' }, type: 'ExternalName', externalName: 'db.example.com' }),
  },
  {
    name: 'autoscale',
    command: 'autoscale deployment web --min=2 --max=5 --cpu-percent=80',
    check: (o) => {
      expect(o.apiVersion).toBe('autoscaling/v1');
      expect(o.spec).toEqual({
        scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
        minReplicas: 2,
        maxReplicas: 5,
        targetCPUUtilizationPercentage: 80,
      });
    },
  },
  {
    name: 'priorityclass',
    command: "create priorityclass high --value=1000 --description='important pods' --preemption-policy=Never",
    check: (o) => expect([o.value, o.description, o.preemptionPolicy, o.globalDefault]).toEqual([1000, 'important pods', 'Never', undefined]),
  },
  {
    name: 'role',
    command: 'create role pod-reader --verb=get,list,watch --resource=pods,deployments.apps --resource-name=a',
    check: (o) => expect(o.rules[1]).toEqual({ verbs: ['get', 'list', 'watch'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['a'] }),
  },
  {
    name: 'clusterrole',
    command: 'create clusterrole metrics --verb=get --non-resource-url=/metrics',
    check: (o) => expect(o.rules).toEqual([{ verbs: ['get'], nonResourceURLs: ['/metrics'] }]),
  },
  {
    name: 'clusterrole-aggregate',
    command: 'create clusterrole agg --aggregation-rule=rbac.example.com/aggregate-to-view=true',
    check: (o) => {
      expect(o.rules).toBeNull(); // `json:"rules"` has no omitempty: Go prints the nil slice as null
      expect(o.aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-view': 'true' } }] });
    },
  },
  {
    name: 'rolebinding',
    command: 'create rolebinding rb --role=pod-reader --user=alice --serviceaccount=default:builder --group=devs',
    check: (o) => {
      expect(o.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' });
      expect(o.subjects[2]).toEqual({ kind: 'ServiceAccount', name: 'builder', namespace: 'default' });
    },
  },
  {
    name: 'clusterrolebinding',
    command: 'create clusterrolebinding crb --clusterrole=view --user=bob',
    check: (o) => expect(o.roleRef.kind).toBe('ClusterRole'),
  },
  {
    name: 'quota',
    command: 'create quota q --hard=cpu=2,memory=1Gi,pods=10 --scopes=BestEffort',
    check: (o) => expect(o.spec).toEqual({ hard: { cpu: '2', memory: '1Gi', pods: '10' }, scopes: ['BestEffort'] }),
  },
  {
    name: 'pdb',
    command: 'create poddisruptionbudget web-pdb --selector=app=web --min-available=50%',
    check: (o) => expect(o.spec).toEqual({ minAvailable: '50%', selector: { matchLabels: { app: 'web' } } }),
  },
  {
    name: 'pdb-max',
    command: 'create poddisruptionbudget web-pdb2 --selector=app=web --max-unavailable=1',
    check: (o) => expect(o.spec.maxUnavailable).toBe(1),
  },
  {
    name: 'ingress',
    command: "create ingress web --class=nginx --rule='example.com/api*=api:80,tls=web-tls' --annotation=a=b",
    check: (o) => {
      expect(o.spec.ingressClassName).toBe('nginx');
      expect(o.spec.tls).toEqual([{ hosts: ['example.com'], secretName: 'web-tls' }]);
      expect(o.spec.rules[0].http.paths[0]).toEqual({ path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } });
    },
  },
  {
    name: 'ingress-default',
    command: 'create ingress dflt --default-backend=fallback:8080',
    check: (o) => expect(o.spec).toEqual({ defaultBackend: { service: { name: 'fallback', port: { number: 8080 } } } }),
  },
  {
    name: 'token',
    command: 'create token builder --audience=api --duration=10m',
    check: (o) => {
      expect([o.kind, o.apiVersion]).toEqual(['TokenRequest', 'authentication.k8s.io/v1']);
      expect(o.spec).toEqual({ audiences: ['api'], boundObjectRef: null, expirationSeconds: 600 });
    },
  },
  {
    name: 'can-i',
    command: 'auth can-i create deployments.apps --subresource=scale',
    check: (o) =>
      expect(o.spec.resourceAttributes).toEqual({ namespace: 'default', verb: 'create', group: 'apps', resource: 'deployments', subresource: 'scale' }),
  },
  {
    name: 'whoami',
    command: 'auth whoami',
    check: (o) => expect(o).toEqual({ kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo: {} } }),
  },
];

describe('decodeKubernetesProtobuf on bodies real kubectl 1.32 sent', () => {
  it.each(cases)('kubectl $command', ({ name, check }) => check(decode(name)));

  const withDryRun = cases.filter(({ name }) => existsSync(fixture(`${name}.json`)));
  it.each(withDryRun)('$name decodes to exactly what --dry-run=client -o json prints', ({ name }) => {
    const expected: unknown = JSON.parse(readFileSync(fixture(`${name}.json`), 'utf8').toString());
    expect(decode(name)).toStrictEqual(expected);
  });
});
