// Rows after upstream's pkg/apis/flowcontrol/validation/validation_test.go.
import { describe, expect, it } from 'vitest';
import { validateCreate } from '../../../shared/validation/validate';

const G = 'flowcontrol.apiserver.k8s.io';
const fs = (name: string, spec: Record<string, unknown>) => ({ metadata: { name }, spec: { priorityLevelConfiguration: { name: 'system-bar' }, matchingPrecedence: 50, ...spec } });
const everyone = { subjects: [{ kind: 'Group', group: { name: 'system:masters' } }] };
const causes = (kind: string, o: unknown) => validateCreate(G, kind, o).map((c) => `${c.field}: ${c.message}`);

describe('FlowSchema validation', () => {
  const rows: { name: string; object: unknown; want: string[] }[] = [
    {
      name: 'normal flow-schema w/ * verbs/apiGroups/resources should work',
      object: fs('system-foo', { rules: [{ ...everyone, resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'] }] }] }),
      want: [],
    },
    {
      name: 'malformed rule: no subjects and no rules',
      object: fs('system-foo', { rules: [{}] }),
      want: ['spec.rules[0].subjects: Required value: subjects must contain at least one value', 'spec.rules[0]: Required value: at least one of resourceRules and nonResourceRules has to be non-empty'],
    },
    {
      name: 'flow-schema mixes * verbs/apiGroups/resources should fail',
      object: fs('system-foo', { rules: [{ ...everyone, resourceRules: [{ verbs: ['*', 'create'], apiGroups: ['*', 'tak'], resources: ['*', 'tok'], namespaces: ['*'] }] }] }),
      want: [
        `spec.rules[0].resourceRules[0].verbs: Invalid value: []string{"*", "create"}: if '*' is present, must not specify other verbs`,
        `spec.rules[0].resourceRules[0].apiGroups: Invalid value: []string{"*", "tak"}: if '*' is present, must not specify other api groups`,
        `spec.rules[0].resourceRules[0].resources: Invalid value: []string{"*", "tok"}: if '*' is present, must not specify other resources`,
      ],
    },
    {
      name: 'flow-schema has both resource rules and non-resource rules should work',
      object: fs('system-foo', { rules: [{ ...everyone, resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['/apis/*'] }] }] }),
      want: [],
    },
    {
      name: 'flow-schema with invalid verb should fail',
      object: fs('system-foo', { rules: [{ ...everyone, resourceRules: [{ verbs: ['feed'], apiGroups: ['*'], resources: ['*'], clusterScope: true }] }] }),
      want: [`spec.rules[0].resourceRules[0].verbs: Unsupported value: []string{"feed"}: supported values: "create", "delete", "deletecollection", "get", "list", "patch", "proxy", "update", "watch"`],
    },
    {
      name: 'flow-schema with invalid non-resource URL should fail',
      object: fs('system-foo', { rules: [{ ...everyone, nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['/a//b', 'no-slash', '/*/x'] }] }] }),
      want: [
        'spec.rules[0].nonResourceRules[0].nonResourceURLs[0]: Invalid value: "/a//b": must not contain double slash',
        'spec.rules[0].nonResourceRules[0].nonResourceURLs[1]: Invalid value: "no-slash": must start with slash',
        'spec.rules[0].nonResourceRules[0].nonResourceURLs[2]: Invalid value: "/*/x": wildcard can only do suffix matching',
      ],
    },
    {
      name: 'namespaced rule with bad namespace and no cluster scope',
      object: fs('system-foo', { rules: [{ ...everyone, resourceRules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], namespaces: ['-x'] }, { verbs: ['get'], apiGroups: [''], resources: ['pods'] }] }] }),
      want: [
        `spec.rules[0].resourceRules[0].namespaces[0]: Invalid value: "-x": each member of this list must be '*' or a DNS-1123 label; a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
        'spec.rules[0].resourceRules[1].namespaces: Required value: resource rules that are not cluster scoped must supply at least one namespace',
      ],
    },
    {
      name: 'subject kinds and their fields',
      object: fs('system-foo', {
        rules: [
          {
            subjects: [{ kind: 'ServiceAccount', serviceAccount: { name: '*' } }, { kind: 'User', user: { name: 'x' }, group: { name: 'y' } }, { kind: 'Robot' }],
            nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }],
          },
        ],
      }),
      want: [
        'spec.rules[0].subjects[0].serviceAccount.namespace: Required value: must specify namespace for service account',
        "spec.rules[0].subjects[1].group: Forbidden: group is forbidden when subject kind is not 'Group'",
        'spec.rules[0].subjects[2].kind: Unsupported value: "Robot": supported values: "Group", "ServiceAccount", "User"',
      ],
    },
    {
      name: 'only the exempt schema may have matchingPrecedence 1; and at most 10000; a level is required',
      object: { metadata: { name: 'system-foo' }, spec: { matchingPrecedence: 1, priorityLevelConfiguration: { name: '' } } },
      want: ["spec.matchingPrecedence: Invalid value: 1: only the schema named 'exempt' may have matchingPrecedence 1", 'spec.priorityLevelConfiguration.name: Required value: must reference a priority level'],
    },
    {
      name: 'precedence over the maximum and an unknown distinguisher',
      object: fs('system-foo', { matchingPrecedence: 10001, distinguisherMethod: { type: 'ByCountry' } }),
      want: ['spec.matchingPrecedence: Invalid value: 10001: must not be greater than 10000', 'spec.distinguisherMethod.type: Unsupported value: "ByCountry": supported values: "ByNamespace", "ByUser"'],
    },
    {
      name: 'the mandatory catch-all schema cannot change',
      object: { metadata: { name: 'catch-all' }, spec: { priorityLevelConfiguration: { name: 'catch-all' }, matchingPrecedence: 10000, distinguisherMethod: { type: 'ByUser' }, rules: [] } },
      want: ["spec: Invalid value: {\"priorityLevelConfiguration\":{\"name\":\"catch-all\"},\"matchingPrecedence\":10000,\"distinguisherMethod\":{\"type\":\"ByUser\"},\"rules\":[]}: spec of 'catch-all' must equal the fixed value"],
    },
  ];
  for (const r of rows) it(r.name, () => expect(causes('FlowSchema', r.object)).toEqual(r.want));
});

describe('PriorityLevelConfiguration validation', () => {
  const limited = (queuing: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    metadata: { name: 'system-foo' },
    spec: { type: 'Limited', limited: { nominalConcurrencyShares: 100, limitResponse: { type: 'Queue', queuing }, ...extra } },
  });
  const rows: { name: string; object: unknown; want: string[] }[] = [
    { name: 'normal customized priority level should work', object: limited({ queues: 512, handSize: 4, queueLengthLimit: 100 }), want: [] },
    {
      name: 'wrong backstop spec should fail',
      object: { metadata: { name: 'exempt' }, spec: { type: 'Limited', limited: { nominalConcurrencyShares: 1, limitResponse: { type: 'Reject' } } } },
      want: [`spec.type: Invalid value: "Limited": type must be 'Exempt' if and only if name is 'exempt'`, `spec: Invalid value: {"type":"Limited","limited":{"nominalConcurrencyShares":1,"limitResponse":{"type":"Reject"}}}: spec of 'exempt' except the 'spec.exempt' field must equal the fixed value`],
    },
    { name: 'the exempt level may change its spec.exempt', object: { metadata: { name: 'exempt' }, spec: { type: 'Exempt', exempt: { nominalConcurrencyShares: 10, lendablePercent: 20 } } }, want: [] },
    {
      name: 'broken queuing level should fail',
      object: limited({ queues: 512, handSize: 8, queueLengthLimit: 100 }),
      want: ['spec.limited.limitResponse.queuing.handSize: Invalid value: 8: required entropy bits of deckSize 512 and handSize 8 should not be greater than 60'],
    },
    { name: 'hand size greater than queues', object: limited({ queues: 7, handSize: 8, queueLengthLimit: 100 }), want: ['spec.limited.limitResponse.queuing.handSize: Invalid value: 8: should not be greater than queues (7)'] },
    {
      name: 'non-positive queuing values',
      object: limited({ queues: 0, handSize: 0, queueLengthLimit: -1 }),
      want: [
        'spec.limited.limitResponse.queuing.queueLengthLimit: Invalid value: -1: must be positive',
        'spec.limited.limitResponse.queuing.queues: Invalid value: 0: must be positive',
        'spec.limited.limitResponse.queuing.handSize: Invalid value: 0: must be positive',
      ],
    },
    {
      name: 'lendablePercent and borrowingLimitPercent out of range',
      object: limited({ queues: 64, handSize: 6, queueLengthLimit: 50 }, { lendablePercent: 101, borrowingLimitPercent: -1 }),
      want: ['spec.limited.lendablePercent: Invalid value: 101: must be between 0 and 100, inclusive', 'spec.limited.borrowingLimitPercent: Invalid value: -1: if specified, must be a non-negative integer'],
    },
    {
      name: 'Reject with queuing, Queue without',
      object: { metadata: { name: 'system-foo' }, spec: { type: 'Limited', limited: { limitResponse: { type: 'Reject', queuing: { queues: 1 } } } } },
      want: ['spec.limited.limitResponse.queuing: Forbidden: must be nil if limited.limitResponse.type is not Limited'],
    },
    { name: 'Limited without limited', object: { metadata: { name: 'system-foo' }, spec: { type: 'Limited' } }, want: ['spec.limited: Required value: must not be empty when type is Limited'] },
    { name: 'unknown type', object: { metadata: { name: 'system-foo' }, spec: { type: 'Maybe' } }, want: ['spec.type: Unsupported value: "Maybe": supported values: "Exempt", "Limited"'] },
  ];
  for (const r of rows) it(r.name, () => expect(causes('PriorityLevelConfiguration', r.object)).toEqual(r.want));

  it('defaults fill queuing as upstream (64 queues, hand 8, 50 per queue, 30 shares)', async () => {
    const { applyDefaults } = await import('../../../shared/defaults');
    const pl = applyDefaults(G, 'v1', 'PriorityLevelConfiguration', { metadata: { name: 'x' }, spec: { type: 'Limited', limited: { limitResponse: { type: 'Queue', queuing: {} } } } });
    expect(pl.spec.limited).toEqual({ nominalConcurrencyShares: 30, lendablePercent: 0, limitResponse: { type: 'Queue', queuing: { queues: 64, handSize: 8, queueLengthLimit: 50 } } });
    expect(applyDefaults(G, 'v1', 'FlowSchema', { metadata: { name: 'x' }, spec: {} as Record<string, unknown> }).spec).toEqual({ matchingPrecedence: 1000 });
  });
});
