import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../shared/defaults';
import { validateCreate } from '../../../shared/validation';

// What `kubectl create deployment/service/...` sends, before the server fills anything in.
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
const meta = { name: 'web', namespace: 'default' };
const cases: Array<[string, string, string, Record<string, unknown>]> = [
  ['', 'v1', 'Pod', { metadata: meta, spec: template.spec }],
  ['apps', 'v1', 'Deployment', { metadata: meta, spec: { selector: { matchLabels: { app: 'web' } }, template } }],
  ['apps', 'v1', 'ReplicaSet', { metadata: meta, spec: { selector: { matchLabels: { app: 'web' } }, template } }],
  ['apps', 'v1', 'StatefulSet', { metadata: meta, spec: { serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template } }],
  ['apps', 'v1', 'DaemonSet', { metadata: meta, spec: { selector: { matchLabels: { app: 'web' } }, template } }],
  ['', 'v1', 'Service', { metadata: meta, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }],
  ['', 'v1', 'Namespace', { metadata: { name: 'team-a' } }],
  ['', 'v1', 'Secret', { metadata: meta, stringData: { password: 'x' } }],
  ['autoscaling', 'v2', 'HorizontalPodAutoscaler', { metadata: meta, spec: { maxReplicas: 3, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } } }],
];

describe('defaulted objects validate', () => {
  it.each(cases)('%s/%s %s', (group, version, kind, obj) => {
    expect(validateCreate(group, kind, applyDefaults(group, version, kind, obj))).toEqual([]);
  });
});
