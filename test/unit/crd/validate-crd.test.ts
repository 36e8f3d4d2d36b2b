import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import { defaultCRD, validateCRD, type CRD } from '../../../shared/crd';
import { cronTabCRD } from './fixtures';

const V0 = 'spec.versions[0].schema.openAPIV3Schema';

describe('validateCRD', () => {
  it('accepts the upstream CronTab example', () => {
    expect(validateCRD(cronTabCRD(), [])).toEqual([]);
  });

  const cases: { name: string; patch: (c: CRD) => void; field: string; message: string }[] = [
    {
      name: 'name must be plural.group',
      patch: (c) => (c.metadata!.name = 'crontab.stable.example.com'),
      field: 'metadata.name',
      message: 'Invalid value: "crontab.stable.example.com": must be spec.names.plural+"."+spec.group',
    },
    { name: 'group needs a dot', patch: (c) => ((c.spec.group = 'example'), (c.metadata!.name = 'crontabs.example')), field: 'spec.group', message: 'Invalid value: "example": should be a domain with at least one dot' },
    { name: 'scope must be known', patch: (c) => (c.spec.scope = 'Global'), field: 'spec.scope', message: 'Unsupported value: "Global": supported values: "Cluster", "Namespaced"' },
    { name: 'exactly one storage version', patch: (c) => c.spec.versions.push({ name: 'v2', served: true, storage: true, schema: c.spec.versions[0]!.schema }), field: 'spec.versions', message: 'must have exactly one version marked as storage version' },
    { name: 'schemas are required', patch: (c) => delete c.spec.versions[0]!.schema, field: V0, message: 'Required value: schemas are required' },
    { name: 'kind may have mixed case', patch: (c) => (c.spec.names.kind = 'Cron_Tab'), field: 'spec.names.kind', message: 'Invalid value: "Cron_Tab": may have mixed case, but should otherwise match: a DNS-1035 label' },
    { name: 'kind and listKind differ', patch: (c) => (c.spec.names.listKind = 'CronTab'), field: 'spec.names.listKind', message: 'Invalid value: "CronTab": kind and listKind may not be the same' },
    {
      name: 'type required for object fields',
      patch: (c) => (c.spec.versions[0]!.schema!.openAPIV3Schema!.properties!.spec!.properties!.image = { description: 'no type' }),
      field: `${V0}.properties[spec].properties[image].type`,
      message: 'Required value: must not be empty for specified object fields',
    },
    { name: 'root must be an object', patch: (c) => (c.spec.versions[0]!.schema!.openAPIV3Schema = { type: 'string' }), field: `${V0}.type`, message: 'Invalid value: "string": must be object at the root' },
    {
      name: 'properties and additionalProperties are exclusive',
      patch: (c) => (c.spec.versions[0]!.schema!.openAPIV3Schema!.properties!.spec!.additionalProperties = { type: 'string' }),
      field: `${V0}.properties[spec].additionalProperties`,
      message: 'Forbidden: additionalProperties and properties are mutual exclusive',
    },
    {
      name: 'arrays need items',
      patch: (c) => (c.spec.versions[0]!.schema!.openAPIV3Schema!.properties!.spec!.properties!.list = { type: 'array' }),
      field: `${V0}.properties[spec].properties[list].items`,
      message: 'Required value: must be specified',
    },
    {
      name: 'no type inside anyOf',
      patch: (c) => (c.spec.versions[0]!.schema!.openAPIV3Schema!.properties!.spec!.anyOf = [{ type: 'object' }]),
      field: `${V0}.properties[spec].anyOf[0].type`,
      message: 'Forbidden: must be empty to be structural',
    },
    {
      name: 'metadata may only restrict name',
      patch: (c) => (c.spec.versions[0]!.schema!.openAPIV3Schema!.properties!.metadata = { type: 'object', properties: { labels: { type: 'object' } } }),
      field: `${V0}.properties[metadata]`,
      message: 'Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified',
    },
    {
      name: 'preserve-unknown-fields false',
      patch: (c) => (c.spec.versions[0]!.schema!.openAPIV3Schema!.properties!.spec!['x-kubernetes-preserve-unknown-fields'] = false),
      field: `${V0}.properties[spec].x-kubernetes-preserve-unknown-fields`,
      message: 'Invalid value: false: must be true or undefined',
    },
    {
      name: 'defaults must validate',
      patch: (c) => (c.spec.versions[0]!.schema!.openAPIV3Schema!.properties!.spec!.properties!.replicas!.default = 20),
      field: `${V0}.properties[spec].properties[replicas].default`,
      message: 'Invalid value: 20: spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[replicas].default in body should be less than or equal to 10',
    },
    { name: 'scale path under .spec', patch: (c) => (c.spec.versions[0]!.subresources!.scale!.specReplicasPath = '.status.x'), field: 'spec.versions[0].subresources.scale.specReplicasPath', message: 'Invalid value: ".status.x": should be a json path under .spec' },
    { name: 'printer column type', patch: (c) => (c.spec.versions[0]!.additionalPrinterColumns![0]!.type = 'text'), field: 'spec.versions[0].additionalPrinterColumns[0].type', message: 'Invalid value: "text": must be one of boolean,date,integer,number,string' },
  ];
  it.each(cases)('$name', ({ patch, field, message }) => {
    const causes = validateCRD(cronTabCRD(patch), []);
    const hit = causes.find((c) => c.field === field);
    expect(hit, JSON.stringify(causes)).toBeDefined();
    expect(hit!.message).toContain(message);
  });

  it('allows int-or-string and preserve-unknown-fields without a type', () => {
    const crd = cronTabCRD((c) => {
      const props = c.spec.versions[0]!.schema!.openAPIV3Schema!.properties!.spec!.properties!;
      props.port = { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
      props.extra = { 'x-kubernetes-preserve-unknown-fields': true };
    });
    expect(validateCRD(crd, [])).toEqual([]);
  });

  it('reports names taken by other CRDs of the group and by built-in kinds', () => {
    const other = cronTabCRD((c) => ((c.metadata!.name = 'crons.stable.example.com'), (c.spec.names = { plural: 'crons', singular: 'cron', kind: 'CronTab', listKind: 'CronList', shortNames: ['ct'] })));
    const causes = validateCRD(cronTabCRD(), [other]);
    expect(causes).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.names.shortNames[0]', message: 'Invalid value: "ct": "ct" is already in use' },
      { reason: 'FieldValueInvalid', field: 'spec.names.kind', message: 'Invalid value: "CronTab": "CronTab" is already in use' },
    ]);
    const lease = cronTabCRD((c) => {
      c.metadata!.name = 'leases.coordination.k8s.io';
      c.metadata!.annotations = { 'api-approved.kubernetes.io': 'https://github.com/kubernetes/kubernetes/pull/1' };
      c.spec.group = 'coordination.k8s.io';
      c.spec.names = { plural: 'leases', singular: 'lease', kind: 'Lease', listKind: 'LeaseList' };
    });
    expect(validateCRD(lease, [], BUILTIN_RESOURCES).map((c) => c.field)).toEqual(['spec.names.plural', 'spec.names.singular', 'spec.names.kind', 'spec.names.listKind']);
  });

  it('requires the approval annotation for k8s.io groups', () => {
    const crd = cronTabCRD((c) => ((c.spec.group = 'x.k8s.io'), (c.metadata!.name = 'crontabs.x.k8s.io')));
    expect(validateCRD(crd, [])).toEqual([expect.objectContaining({ field: 'metadata.annotations[api-approved.kubernetes.io]' })]);
  });

  it('defaultCRD fills singular, listKind, conversion and storedVersions', () => {
    const crd = defaultCRD(cronTabCRD((c) => ((c.spec.names = { plural: 'crontabs', kind: 'CronTab' }), delete c.status)));
    expect(crd.spec.names).toEqual({ plural: 'crontabs', kind: 'CronTab', singular: 'crontab', listKind: 'CronTabList' });
    expect(crd.spec.conversion).toEqual({ strategy: 'None' });
    expect(crd.status?.storedVersions).toEqual(['v1']);
  });
});
