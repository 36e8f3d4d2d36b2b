import { SELF } from 'cloudflare:test';
import { BASE, configMap } from './helpers';

/**
 * Creates sent the same way to two namespaces, each on another path through the server, whose answers
 * must be byte-identical (create-commit-paths.test.ts, create-as-text.test.ts). Only what differs
 * between any two creates is masked (uids, times, resourceVersions, random name suffixes, service
 * IPs, the namespace's own name).
 */
export async function post(path: string, body: unknown, contentType = 'application/json') {
  const res = await SELF.fetch(`${BASE}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, warning: res.headers.get('warning'), contentType: res.headers.get('content-type'), text: await res.text() };
}

export function masked(text: string, ns: string): string {
  return text
    .split(ns)
    .join('NS')
    .replace(/"(uid|creationTimestamp|time|resourceVersion)":"[^"]*"/g, '"$1":"X"')
    .replace(/(kube-api-access-|gen-)[a-z0-9]{5}/g, '$1XXXXX')
    .replace(/\d+\.\d+\.\d+\.\d+/g, 'IP');
}

export const pod = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] }, ...extra });

export const namedDeployment = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});

/** Requests as `[path under the namespace, body]`, sent in order to each namespace. */
export const CREATE_REQUESTS: [string, unknown][] = [
  ['configmaps', configMap('plain', { k: 'v' }, { app: 'x' })],
  ['configmaps?fieldManager=kubectl-client-side-apply', configMap('managed', { a: '1', b: '2' })],
  ['configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' }, data: { g: '1' } }],
  ['configmaps?fieldValidation=Warn', { ...configMap('warned'), bogus: 1, metadata: { name: 'warned', bogusMeta: true } }],
  ['configmaps?fieldValidation=Strict', { ...configMap('strict'), bogus: 1 }],
  ['configmaps?fieldValidation=Ignore', { ...configMap('ignored'), bogus: 1 }],
  ['configmaps?dryRun=All', configMap('dry')],
  ['configmaps', configMap('plain', { k: 'again' })],
  ['configmaps?dryRun=All', configMap('plain')],
  ['configmaps', { ...configMap('bad'), metadata: { name: 'Bad_Name' } }],
  ['pods', pod('web')],
  ['pods', pod('web')],
  ['pods?dryRun=All', pod('dry-pod')],
  ['pods', pod('big', { spec: { containers: [{ name: 'c', image: 'nginx', resources: { limits: { cpu: '1', memory: '1Gi' } } }], restartPolicy: 'OnFailure' } })],
  ['services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }],
  ['secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'x' } }],
  ['leases', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 40 } }],
];

export const pathOf = (ns: string, p: string) => (p.startsWith('leases') ? `/apis/coordination.k8s.io/v1/namespaces/${ns}/${p}` : `/api/v1/namespaces/${ns}/${p}`);
