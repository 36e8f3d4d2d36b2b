// One Event store served in two APIs, as upstream: events.k8s.io/v1 Events are stored as core/v1
// Events (pkg/apis/events/v1/conversion.go), listed, watched and field-selected through either API,
// and validated per the API a write came through (pkg/apis/core/validation/events.go).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import type { KubeObject } from '../../../shared/api/object';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import { fromStorageVersion, servedAsStored, toStorageVersion } from '../../../shared/apiserver/conversion';
import { coreToEventsV1, eventsV1ToCore } from '../../../shared/apiserver/event-conversion';
import { storageKeyOf } from '../../../shared/apiserver/storage-resource';
import { StoreEngine } from '../../../shared/apiserver/store-engine';
import { MemoryTable } from '../../../shared/client/memory-table';
import { validateCreate, validateUpdate } from '../../../shared/validation';

const CORE = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'Event')!;
const EVENTS_V1 = BUILTIN_RESOURCES.find((d) => d.group === 'events.k8s.io' && d.kind === 'Event')!;
const HPA = BUILTIN_RESOURCES.find((d) => d.kind === 'HorizontalPodAutoscaler')!;
const SOME_TIME = '2017-09-19T13:49:16.000000Z';

describe('events.k8s.io/v1 ↔ core/v1 Event conversion', () => {
  // upstream's Test_convert_v1_Event_To_core_Event and Test_convert_core_Event_To_v1_Event rows
  const meta = { name: 'foo', namespace: 'default' };
  it('Test_convert_v1_Event_To_core_Event', () => {
    const v1 = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: meta,
      regarding: { kind: 'Pod', namespace: 'default', name: 'foo' },
      deprecatedSource: { component: 'controller-manager', host: 'master1' },
      note: 'convert v1 event to core event',
    };
    expect(eventsV1ToCore(v1)).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: meta,
      involvedObject: { namespace: 'default', name: 'foo', kind: 'Pod' },
      source: { component: 'controller-manager', host: 'master1' },
      message: 'convert v1 event to core event',
    });
  });

  it('Test_convert_core_Event_To_v1_Event', () => {
    const core = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: meta,
      involvedObject: { namespace: 'default', name: 'foo', kind: 'Pod' },
      source: { component: 'controller-manager', host: 'master1' },
      message: 'convert core event to v1 event',
    };
    expect(coreToEventsV1(core)).toEqual({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: meta,
      regarding: { kind: 'Pod', namespace: 'default', name: 'foo' },
      deprecatedSource: { component: 'controller-manager', host: 'master1' },
      note: 'convert core event to v1 event',
    });
  });

  const fullCore: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web.17f', namespace: 'default', resourceVersion: '7' },
    involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'u1', fieldPath: 'spec.containers{app}' },
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: '2024-01-01T00:00:00Z',
    lastTimestamp: '2024-01-01T00:05:00Z',
    count: 7,
    type: 'Warning',
    eventTime: SOME_TIME,
    series: { count: 3, lastObservedTime: SOME_TIME },
    action: 'Restarting',
    related: { kind: 'Node', name: 'node-1' },
    reportingComponent: 'kubelet',
    reportingInstance: 'node-1',
  };

  it.each([
    ['involvedObject', 'regarding'],
    ['message', 'note'],
    ['source', 'deprecatedSource'],
    ['firstTimestamp', 'deprecatedFirstTimestamp'],
    ['lastTimestamp', 'deprecatedLastTimestamp'],
    ['count', 'deprecatedCount'],
    ['reportingComponent', 'reportingController'],
    ['reportingInstance', 'reportingInstance'],
    ['eventTime', 'eventTime'],
    ['series', 'series'],
    ['related', 'related'],
    ['action', 'action'],
    ['reason', 'reason'],
    ['type', 'type'],
    ['metadata', 'metadata'],
  ])('core %s is events.k8s.io %s', (core, v1) => {
    expect(coreToEventsV1(fullCore)[v1]).toEqual(fullCore[core]);
  });

  it('round-trips every field, and drops what neither version has', () => {
    expect(eventsV1ToCore(coreToEventsV1(fullCore))).toEqual(fullCore);
    expect(Object.keys(coreToEventsV1({ ...fullCore, involvedObject: undefined, bogus: 1 }))).not.toContain('regarding');
    expect(coreToEventsV1({ ...fullCore, bogus: 1 })).not.toHaveProperty('bogus');
  });

  it('is what toStorageVersion and fromStorageVersion do for events.k8s.io, and nothing for core', () => {
    const v1 = coreToEventsV1(fullCore);
    expect(toStorageVersion(EVENTS_V1, v1, 'v1')).toEqual(fullCore);
    expect(fromStorageVersion(EVENTS_V1, fullCore, 'v1')).toEqual(v1);
    expect(toStorageVersion(CORE, fullCore, 'v1')).toBe(fullCore);
    expect(fromStorageVersion(CORE, fullCore, 'v1')).toBe(fullCore);
  });

  it.each([
    ['core Event', CORE, 'v1', true],
    ['events.k8s.io Event', EVENTS_V1, 'v1', false],
    ['HPA', HPA, 'v2', true],
    ['HPA', HPA, 'v1', false],
  ] as const)('%s served at %s is the stored form: %s (a watch passes lines through only then)', (_name, def, version, want) => {
    expect(servedAsStored(def, version)).toBe(want);
  });

  it('both APIs read and write the core store key', () => {
    expect(storageKeyOf(EVENTS_V1)).toBe('events');
    expect(storageKeyOf(CORE)).toBe('events');
  });
});

// ---- one store ----

function engine(): { engine: StoreEngine; table: MemoryTable } {
  const table = new MemoryTable();
  let uid = 0;
  const e = new StoreEngine(table, {
    context: () => ({ now: '2024-01-01T00:00:00Z', newUid: () => `uid-${++uid}`, rand: () => 0.5 }),
    now: () => 0,
    publish: () => undefined,
    namespace: 'default',
    isClusterStore: false,
    lookupNamespacePhase: async () => 'Active',
    allocateServiceIP: async () => '10.96.0.10',
    releaseServiceIP: () => undefined,
    setNamespacePhaseOf: () => undefined,
  });
  return { engine: e, table };
}

const newEvent = (name: string, pod: string): KubeObject => ({
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name, namespace: 'default' },
  regarding: { kind: 'Pod', namespace: 'default', name: pod },
  eventTime: SOME_TIME,
  reportingController: 'kubeflare.dev/test',
  reportingInstance: 'test-1',
  action: 'Testing',
  reason: 'Tested',
  note: `about ${pod}`,
  type: 'Normal',
});

const oldEvent = (name: string, pod: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: 'default' },
  involvedObject: { kind: 'Pod', namespace: 'default', name: pod },
  reason: 'Scheduled',
  message: `placed ${pod}`,
  source: { component: 'default-scheduler' },
  count: 1,
  type: 'Normal',
});

describe('one Event store behind both APIs', () => {
  it('an event written through either API is listed through both, stored as core/v1', async () => {
    const s = engine();
    await s.engine.create({ def: EVENTS_V1, object: newEvent('new', 'a'), version: 'v1' });
    await s.engine.create({ def: CORE, object: oldEvent('old', 'b'), version: 'v1' });
    const stored = s.table.get('events', 'new')!;
    expect([stored.apiVersion, stored['message'], stored['reportingComponent'], stored['note']]).toEqual(['v1', 'about a', 'kubeflare.dev/test', undefined]);
    const names = (def: typeof CORE) => s.engine.list({ def }).items.map((o) => o.metadata.name);
    expect(names(CORE)).toEqual(['new', 'old']);
    expect(names(EVENTS_V1)).toEqual(['new', 'old']);
    expect(s.table.resources()).toEqual(['events']);
  });

  const API = { core: CORE, 'events.k8s.io': EVENTS_V1 };
  it.each([
    ['core', 'involvedObject.name=a', ['new']],
    ['events.k8s.io', 'regarding.name=a', ['new']],
    ['events.k8s.io', 'regarding.name=b', ['old']],
    ['events.k8s.io', 'reportingController=kubeflare.dev/test', ['new']],
    ['core', 'reportingComponent=kubeflare.dev/test', ['new']],
    ['core', 'source=default-scheduler', ['old']],
    ['events.k8s.io', 'type=Normal,reason=Scheduled', ['old']],
  ] as const)('%s field selector %s matches the stored events', async (api, fieldSelector, want) => {
    const def = API[api];
    const s = engine();
    await s.engine.create({ def: EVENTS_V1, object: newEvent('new', 'a'), version: 'v1' });
    await s.engine.create({ def: CORE, object: oldEvent('old', 'b'), version: 'v1' });
    expect(s.engine.list({ def, fieldSelector }).items.map((o) => o.metadata.name)).toEqual(want);
  });

  it('a watch through events.k8s.io replays events written through core (the Worker converts each line)', async () => {
    const s = engine();
    await s.engine.create({ def: CORE, object: oldEvent('old', 'b'), version: 'v1' });
    const seen: string[] = [];
    s.engine.watch({ def: EVENTS_V1, fieldSelector: 'regarding.name=b' }).replay((e) => seen.push(`${e.type} ${e.object.metadata?.name}`));
    expect(seen).toEqual(['ADDED old']);
  });

  it('a patch through events.k8s.io applies to the events.k8s.io view', async () => {
    const s = engine();
    await s.engine.create({ def: EVENTS_V1, object: newEvent('new', 'a'), version: 'v1' });
    await s.engine.patch({ def: EVENTS_V1, name: 'new', patchType: 'merge', patch: { series: { count: 2, lastObservedTime: SOME_TIME } }, target: 'main', version: 'v1' });
    expect(s.table.get('events', 'new')!['series']).toEqual({ count: 2, lastObservedTime: SOME_TIME });
    const e = await s.engine
      .patch({ def: EVENTS_V1, name: 'new', patchType: 'merge', patch: { note: 'changed' }, target: 'main', version: 'v1' })
      .catch((x: unknown) => x as ApiError);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).message).toBe('Event.events.k8s.io "new" is invalid: message: Invalid value: "changed": field is immutable');
  });

  it('rows left under the old events.k8s.io key expire without harm', () => {
    const s = engine();
    const legacy = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'stale', namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z', uid: 'x', resourceVersion: '' } };
    s.table.commit('events.events.k8s.io', 'ADDED', legacy, null, 0);
    expect(s.engine.list({ def: EVENTS_V1 }).items).toEqual([]);
    s.engine.expireEvents(Date.parse('2024-01-01T02:00:00Z'));
    expect(s.table.get('events.events.k8s.io', 'stale')).toBeNull();
  });
});

// ---- validation per API ----

const v1Valid = {
  metadata: { name: 'test', namespace: 'kube-system' },
  involvedObject: { apiVersion: 'v1', kind: 'Node' },
  eventTime: SOME_TIME,
  reportingComponent: 'k8s.io/my-controller',
  reportingInstance: 'node-xyz',
  action: 'Do',
  reason: 'Because',
  type: 'Normal',
};

describe('validation by the API a write came through (upstream TestValidateEventCreateForNewV1Events)', () => {
  it.each([
    ['valid new event', {}, []],
    ['missing EventTime', { metadata: { name: 'test', namespace: 'default' }, eventTime: undefined, reportingComponent: undefined, reportingInstance: undefined, action: undefined, reason: undefined, type: undefined }, ['eventTime', 'type']],
    ['not qualified reportingController', { reportingComponent: 'my-contr@ller' }, ['reportingController']],
    ['too long reporting instance', { reportingInstance: `node-${'z'.repeat(130)}` }, ['reportingInstance']],
    ['missing reason', { reason: undefined }, ['reason']],
    ['missing action', { action: undefined }, ['action']],
    ['invalid type', { type: 'invalid-type' }, ['type']],
    ['non-empty firstTimestamp', { firstTimestamp: '2017-09-19T13:49:16Z' }, ['firstTimestamp']],
    ['non-empty lastTimestamp', { lastTimestamp: '2017-09-19T13:49:16Z' }, ['lastTimestamp']],
    ['non-empty count', { count: 123 }, ['count']],
    ['non-empty source', { source: { host: 'host' } }, ['source']],
    ['non-nil series with count < 2', { series: { count: 0, lastObservedTime: SOME_TIME } }, ['series.count']],
    ['non-nil series with empty lastObservedTime', { series: { count: 2 } }, ['series.lastObservedTime']],
  ] as const)('events.k8s.io create: %s', (_name, change, fields) => {
    const ev = { ...v1Valid, ...change };
    expect(validateCreate('events.k8s.io', 'Event', ev).map((c) => c.field)).toEqual(fields);
  });

  it('core/v1 writes keep the legacy rules only (a count, a source and no eventTime are fine)', () => {
    expect(validateCreate('', 'Event', { ...oldEvent('old', 'b'), metadata: { name: 'old', namespace: 'default' } })).toEqual([]);
    expect(validateCreate('events.k8s.io', 'Event', { ...oldEvent('old', 'b'), metadata: { name: 'old', namespace: 'default' } }).map((c) => c.field)).toEqual([
      'eventTime',
      'count',
      'source',
    ]);
  });

  // upstream TestValidateEventUpdateForNewV1Events
  it.each([
    ['valid new updated event', { series: { count: 2, lastObservedTime: SOME_TIME } }, { series: { count: 1, lastObservedTime: SOME_TIME } }, []],
    ['forbidden updates to involvedObject', { involvedObject: { apiVersion: 'v2', kind: 'Node' } }, {}, ['involvedObject']],
    ['forbidden updates to reason', { reason: 'Yeees-new' }, {}, ['reason']],
    ['forbidden updates to message', { message: 'new-message' }, { message: 'message' }, ['message']],
    ['forbidden updates to reportingController', { reportingComponent: 'k8s.io/other' }, {}, ['reportingController']],
  ] as const)('events.k8s.io update: %s', (_name, next, prev, fields) => {
    const got = validateUpdate('events.k8s.io', 'Event', { ...v1Valid, ...next }, { ...v1Valid, ...prev }).map((c) => c.field);
    expect(got).toEqual(fields);
  });
});
