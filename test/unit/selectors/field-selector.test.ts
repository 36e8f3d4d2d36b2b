import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import {
  escapeFieldValue,
  fieldGetterFor,
  fieldSelectorToString,
  fieldsForObject,
  matchesFields,
  parseFieldSelector,
  unescapeFieldValue,
} from '../../../shared/selectors';

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected an error');
}

describe('parseFieldSelector', () => {
  // Upstream fields/selector_test.go TestSelectorParse / TestSplitTerms cases.
  it.each([
    ['', []],
    ['a=b', [{ field: 'a', operator: '=', value: 'b' }]],
    ['a==b', [{ field: 'a', operator: '=', value: 'b' }]],
    ['a!=b', [{ field: 'a', operator: '!=', value: 'b' }]],
    ['a=', [{ field: 'a', operator: '=', value: '' }]],
    ['b=2,a=1', [{ field: 'a', operator: '=', value: '1' }, { field: 'b', operator: '=', value: '2' }]],
    ['x=a\\,b', [{ field: 'x', operator: '=', value: 'a,b' }]],
    ['x=a\\=b\\\\', [{ field: 'x', operator: '=', value: 'a=b\\' }]],
    ['a=b,', [{ field: 'a', operator: '=', value: 'b' }]],
  ])('parses %j', (input, want) => {
    expect(parseFieldSelector(input)).toEqual(want);
  });

  it.each([
    ['a', "invalid selector: 'a'; can't understand 'a'"],
    ['a=b,c', "invalid selector: 'a=b,c'; can't understand 'c'"],
    ['x=a=b', 'invalid field selector: unescaped character in value: 61'],
    ['x=a\\b', 'invalid field selector: invalid escape sequence: \\b'],
    ['x=a\\', 'invalid field selector: invalid escape sequence: \\'],
  ])('rejects %j with a 400', (input, message) => {
    const err = errorOf(() => parseFieldSelector(input));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe(400);
    expect(err.message).toBe(message);
  });

  it('escapes and unescapes values (fields.EscapeValue)', () => {
    for (const v of ['', 'a', 'a,b=c\\d', '\\\\']) expect(unescapeFieldValue(escapeFieldValue(v))).toBe(v);
    expect(escapeFieldValue('a,b=c\\')).toBe('a\\,b\\=c\\\\');
    expect(fieldSelectorToString(parseFieldSelector('x!=a\\,b,y==c'))).toBe('x!=a\\,b,y=c');
  });

  it.each([
    ['', 'Pod', 'spec.nodeName=n1', 'spec.nodeName'],
    ['', 'Pod', 'spec.host=n1', 'spec.nodeName'],
    ['', 'Event', 'involvedObject.uid=u', 'involvedObject.uid'],
    ['events.k8s.io', 'Event', 'regarding.name=p', 'involvedObject.name'],
    ['events.k8s.io', 'Event', 'reportingController=c', 'reportingComponent'],
    ['', 'Node', 'spec.unschedulable=true', 'spec.unschedulable'],
    ['apps', 'Deployment', 'metadata.name=web', 'metadata.name'],
    ['batch', 'Job', 'status.successful=1', 'status.successful'],
  ])('%s/%s accepts %j as %s', (group, kind, sel, field) => {
    expect(parseFieldSelector(sel, { group, kind })[0]!.field).toBe(field);
  });

  it.each([
    ['', 'Pod', 'spec.foo=x', 'field label not supported: spec.foo'],
    ['', 'Node', 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
    ['', 'Event', 'regarding.name=x', 'field label not supported: regarding.name'],
    // apps/v1 registers no conversion func, so upstream rejects status.replicas (kubernetes#135136).
    ['apps', 'ReplicaSet', 'status.replicas=0', '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['example.com', 'Widget', 'spec.size=1', '"spec.size" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['batch', 'Job', 'status.succeeded=1', 'field label "status.succeeded" not supported for batchv1.Job'],
  ])('%s/%s rejects %j', (group, kind, sel, message) => {
    const err = errorOf(() => parseFieldSelector(sel, { group, kind }));
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toBe(message);
  });
});

describe('fieldsForObject / matchesFields', () => {
  const pod = {
    metadata: { name: 'web', namespace: 'default' },
    spec: { nodeName: 'node1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default' },
    status: { phase: 'Running', podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }] },
  };

  it('exposes upstream pod fields (PodToSelectableFields)', () => {
    expect(fieldsForObject('', 'Pod', pod)).toEqual({
      'metadata.name': 'web',
      'metadata.namespace': 'default',
      'spec.nodeName': 'node1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'default',
      'spec.hostNetwork': 'false',
      'status.phase': 'Running',
      'status.podIP': '10.0.0.5',
      'status.nominatedNodeName': '',
    });
  });

  it.each([
    ['spec.nodeName=node1', true],
    ['spec.nodeName=', false],
    ['status.phase!=Running', false],
    ['status.phase!=Pending,metadata.name=web', true],
    ['metadata.namespace=kube-system', false],
    ['spec.hostNetwork=false', true],
  ])('pod %j → %s', (sel, want) => {
    expect(matchesFields(parseFieldSelector(sel, { group: '', kind: 'Pod' }), fieldGetterFor('', 'Pod', pod))).toBe(want);
  });

  it('matches events the way kubectl describe asks for them', () => {
    const event = {
      metadata: { name: 'web.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'u1' },
      reason: 'Scheduled',
      source: { component: 'default-scheduler' },
      type: 'Normal',
    };
    const sel = parseFieldSelector('involvedObject.uid=u1,involvedObject.name=web,involvedObject.namespace=default', {
      group: '',
      kind: 'Event',
    });
    expect(matchesFields(sel, fieldGetterFor('', 'Event', event))).toBe(true);
    expect(fieldsForObject('', 'Event', event)['source']).toBe('default-scheduler');
  });

  it('maps events.k8s.io fields onto the core names', () => {
    const ev = { metadata: { name: 'e' }, regarding: { name: 'p', kind: 'Pod' }, reportingController: 'kubelet' };
    const sel = parseFieldSelector('regarding.name=p,reportingController=kubelet', { group: 'events.k8s.io', kind: 'Event' });
    expect(matchesFields(sel, fieldGetterFor('events.k8s.io', 'Event', ev))).toBe(true);
  });

  it.each([
    ['', 'Node', { spec: { unschedulable: true } }, 'spec.unschedulable', 'true'],
    ['', 'Node', { spec: {} }, 'spec.unschedulable', 'false'],
    ['', 'Secret', { type: 'Opaque' }, 'type', 'Opaque'],
    ['', 'Namespace', { status: { phase: 'Active' } }, 'status.phase', 'Active'],
    ['batch', 'Job', { status: { succeeded: 2 } }, 'status.successful', '2'],
    ['', 'ReplicationController', {}, 'status.replicas', '0'],
  ])('%s/%s exposes %s', (group, kind, obj, field, value) => {
    expect(fieldsForObject(group, kind, obj)[field]).toBe(value);
  });
});
