import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../shared/defaults';
import { validateCreate } from '../../../shared/validation';

const pod = (spec: Record<string, unknown>, container: Record<string, unknown> = {}) =>
  applyDefaults('', 'v1', 'Pod', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx', ...container }], ...spec },
  }, { admission: false });
const messages = (spec: Record<string, unknown>, container?: Record<string, unknown>) =>
  validateCreate('', 'Pod', pod(spec, container)).map((c) => `${c.field}: ${c.message}`);

const required = (expr: Record<string, unknown>) => ({
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expr] }] } } },
});
const REQ = 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution';

// rows from pkg/apis/core/validation/validation_test.go (TestValidateNodeSelectorRequirement, TestValidatePod affinity cases)
describe('node affinity operators', () => {
  it.each([
    [{ key: 'k', operator: 'In', values: ['a'] }],
    [{ key: 'k', operator: 'NotIn', values: ['a', 'b'] }],
    [{ key: 'k', operator: 'Exists' }],
    [{ key: 'k', operator: 'DoesNotExist' }],
    [{ key: 'k', operator: 'Gt', values: ['5'] }],
    [{ key: 'k', operator: 'Lt', values: ['5'] }],
  ])('accepts %j', (expr) => {
    expect(messages(required(expr))).toEqual([]);
  });

  it.each([
    [{ key: 'k', operator: 'In' }, `${REQ}.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`],
    [{ key: 'k', operator: 'Exists', values: ['a'] }, `${REQ}.nodeSelectorTerms[0].matchExpressions[0].values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`],
    [{ key: 'k', operator: 'Gt', values: ['1', '2'] }, `${REQ}.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified single value when \`operator\` is 'Lt' or 'Gt'`],
    [{ key: 'k', operator: 'Near', values: ['a'] }, `${REQ}.nodeSelectorTerms[0].matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator`],
    [{ key: '-k', operator: 'Exists' }, `${REQ}.nodeSelectorTerms[0].matchExpressions[0].key: Invalid value: "-k": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`],
  ])('refuses %j', (expr, message) => {
    expect(messages(required(expr))).toEqual([message]);
  });

  it('needs at least one term and weights in 1-100', () => {
    expect(messages({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } })).toEqual([
      `${REQ}.nodeSelectorTerms: Required value: must have at least one node selector term`,
    ]);
    const preferred = { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, preference: { matchExpressions: [{ key: 'k', operator: 'Exists' }] } }] } } };
    expect(messages(preferred)).toEqual(['spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: must be in the range 1-100']);
  });

  it('needs a topologyKey on pod affinity terms', () => {
    const a = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { a: 'b' } } }] } } };
    expect(messages(a)).toEqual(['spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty']);
  });
});

// rows from TestValidateTopologySpreadConstraints
describe('topologySpreadConstraints', () => {
  const tsc = (c: Record<string, unknown>) => ({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', ...c }] });
  it.each([
    [{ maxSkew: 0 }, 'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero'],
    [{ maxSkew: -1 }, 'spec.topologySpreadConstraints[0].maxSkew: Invalid value: -1: must be greater than zero'],
    [{ topologyKey: '' }, 'spec.topologySpreadConstraints[0].topologyKey: Required value: can not be empty'],
    [{ whenUnsatisfiable: 'N/A' }, 'spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "N/A": supported values: "DoNotSchedule", "ScheduleAnyway"'],
    [{ minDomains: 0 }, 'spec.topologySpreadConstraints[0].minDomains: Invalid value: 0: must be greater than zero'],
    [{ minDomains: 3, whenUnsatisfiable: 'ScheduleAnyway' }, 'spec.topologySpreadConstraints[0].minDomains: Invalid value: 3: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway'],
    [{ nodeAffinityPolicy: 'Sometimes' }, 'spec.topologySpreadConstraints[0].nodeAffinityPolicy: Unsupported value: "Sometimes": supported values: "Honor", "Ignore"'],
  ])('%j', (c, message) => {
    expect(messages(tsc(c))).toEqual([message]);
  });

  it('refuses a repeated {topologyKey, whenUnsatisfiable}', () => {
    const c = { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' };
    expect(messages({ topologySpreadConstraints: [c, c] })).toEqual([
      'spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, DoNotSchedule}"',
    ]);
  });
});

describe('probes', () => {
  const P = 'spec.containers[0]';
  it.each([
    [{ livenessProbe: { periodSeconds: 5 } }, `${P}.livenessProbe: Required value: must specify a handler type`],
    [{ readinessProbe: { httpGet: { path: '/', port: 80 }, tcpSocket: { port: 80 } } }, `${P}.readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type`],
    [{ readinessProbe: { httpGet: { path: '/', port: 70000 } } }, `${P}.readinessProbe.httpGet.port: Invalid value: 70000: must be between 1 and 65535, inclusive`],
    [{ readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: -1 } }, `${P}.readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0`],
    [{ livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 2 } }, `${P}.livenessProbe.successThreshold: Invalid value: 2: must be 1`],
    [{ readinessProbe: { httpGet: { path: '/', port: 80, scheme: 'FTP' } } }, `${P}.readinessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"`],
  ])('%j', (container, message) => {
    expect(messages({}, container)).toEqual([message]);
  });
});
