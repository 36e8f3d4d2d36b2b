import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object';
import { cellForJsonValue, compileJsonPath, customResourcePrinter, tableColumns } from '../../../shared/tables';
import { DAY, HOUR, NOW, ago } from './helpers';

const widget: KubeObject = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w1', creationTimestamp: ago(2 * DAY + 3 * HOUR), labels: { 'app.kubernetes.io/name': 'shop' } },
  spec: { replicas: 3, size: 'large', ratio: 0.5, ports: [80, 443], template: { b: 1, a: '<x>' }, enabled: true },
  status: {
    conditions: [
      { type: 'Progressing', status: 'True', lastTransitionTime: ago(HOUR) },
      { type: 'Ready', status: 'False', reason: 'Waiting', lastTransitionTime: ago(5 * 60_000) },
    ],
    observedGeneration: 4,
  },
};

describe('JSONPath subset', () => {
  it.each<[string, unknown[]]>([
    ['.spec.replicas', [3]],
    ['{.spec.size}', ['large']],
    ['.status.conditions[?(@.type=="Ready")].status', ['False']],
    ["$.status.conditions[?(@.type == 'Progressing')].lastTransitionTime", [ago(HOUR)]],
    ['.status.conditions[0].type', ['Progressing']],
    ['.status.conditions[-1].reason', ['Waiting']],
    ['.status.conditions[*].type', ['Progressing', 'Ready']],
    ['.status.conditions[?(@.reason)].type', ['Ready']],
    ['.spec.ports[0:1]', [80]],
    [".metadata.labels['app.kubernetes.io/name']", ['shop']],
    ['.metadata.labels.app\\.kubernetes\\.io/name', ['shop']],
    ['..observedGeneration', [4]],
    ['.spec.missing', []],
    ['.spec.replicas.deeper', []],
    ['.status.conditions[7]', []],
  ])('%s', (path, want) => {
    expect(compileJsonPath(path).find(widget)).toEqual(want);
  });

  it.each(['.spec[', '.status.conditions[?(@.type=)]', 'spec.replicas'])('rejects %s', (path) => {
    expect(() => compileJsonPath(path)).toThrow();
  });
});

describe('cellForJSONValue', () => {
  it.each<[string, unknown, unknown]>([
    ['integer', 3, 3],
    ['integer', 3.9, 3],
    ['integer', '3', null],
    ['number', 0.5, 0.5],
    ['number', 'x', null],
    ['boolean', true, true],
    ['boolean', 'true', null],
    ['string', 'large', 'large'],
    ['string', 3, '3'],
    ['string', 1e-5, '1e-05'],
    ['string', [80, 443], '[80,443]'],
    ['string', { b: 1, a: '<x>' }, '{"a":"\\u003cx\\u003e","b":1}'],
    ['date', ago(DAY), '24h'],
    ['date', '', '<unknown>'],
    ['date', 'yesterday', '<invalid>'],
    ['date', 5, null],
    ['unknown-type', 'x', null],
    ['string', null, null],
  ])('%s %j → %j', (type, value, want) => {
    expect(cellForJsonValue(type, value, NOW)).toEqual(want);
  });
});

describe('custom resource printer', () => {
  it('defaults to NAME AGE when the CRD declares no columns', () => {
    const p = customResourcePrinter([]);
    expect(p.columns.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Age', 'date', '', 0],
    ]);
    expect(p.print(widget, NOW).cells).toEqual(['w1', '2d3h']);
  });

  it('evaluates additionalPrinterColumns in order, keeping types and priorities', () => {
    const columns = [
      { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
      { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status', description: 'Readiness' },
      { name: 'Ports', type: 'string', jsonPath: '.spec.ports', priority: 1 },
      { name: 'Enabled', type: 'boolean', jsonPath: '.spec.enabled', priority: 1 },
      { name: 'Missing', type: 'string', jsonPath: '.status.nothing' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ];
    const p = customResourcePrinter(columns);
    expect(p.columns[2]).toEqual({ name: 'Ready', type: 'string', format: '', description: 'Readiness', priority: 0 });
    expect(p.columns[1]!.description).toBe('Custom resource definition column (in JSONPath format): .spec.replicas');
    expect(p.columns[3]!.priority).toBe(1);
    expect(p.print(widget, NOW).cells).toEqual(['w1', 3, 'False', '[80,443]', true, null, '2d3h']);
    expect(tableColumns('example.com', 'Widget', columns).map((c) => c.name)).toEqual(['Name', 'Replicas', 'Ready', 'Ports', 'Enabled', 'Missing', 'Age']);
  });

  it('keeps the columns before an unparsable JSONPath, as upstream falls back', () => {
    const p = customResourcePrinter([
      { name: 'Size', type: 'string', jsonPath: '.spec.size' },
      { name: 'Bad', type: 'string', jsonPath: '.spec[' },
      { name: 'After', type: 'string', jsonPath: '.spec.size' },
    ]);
    expect(p.columns.map((c) => c.name)).toEqual(['Name', 'Size']);
    expect(p.print(widget, NOW).cells).toEqual(['w1', 'large']);
  });
});
