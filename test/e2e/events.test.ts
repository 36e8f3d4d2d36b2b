// One Event store served in both APIs, as upstream: what kubectl writes or reads through core/v1 Events is
// the same set of objects it reads through events.k8s.io/v1, in lists, tables, field selectors and watches.
import { describe, expect, it } from 'vitest';
import { getJson, kubectl, kubectlWatching, manifest, newNamespace, poll, tableRows } from './support/kubectl';

const EVENTS_V1 = 'events.events.k8s.io';

/** A core/v1 Event as older clients (kubectl, client-go's record package) write it. */
function coreEvent(ns: string, name: string, pod: string) {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: pod, namespace: ns },
    reason: 'Scheduled',
    message: `Successfully assigned ${ns}/${pod}`,
    source: { component: 'e2e-scheduler' },
    firstTimestamp: '2024-01-01T00:00:00Z',
    lastTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    count: 1,
    type: 'Normal',
  };
}

/** An events.k8s.io/v1 Event as new clients (client-go's events package) write it. */
function newEvent(ns: string, name: string, pod: string) {
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    regarding: { apiVersion: 'v1', kind: 'Pod', name: pod, namespace: ns },
    eventTime: new Date().toISOString().replace('Z', '000Z'),
    reportingController: 'kubeflare.dev/e2e',
    reportingInstance: 'e2e-1',
    action: 'Testing',
    reason: 'Tested',
    note: `tested ${pod}`,
    type: 'Warning',
  };
}

const names = (list: { items: { metadata: { name: string } }[] }) => list.items.map((i) => i.metadata.name).sort();

describe('Events in core/v1 and events.k8s.io/v1', () => {
  it('an event written through either API is read through both, each in its own shape', async () => {
    const ns = await newNamespace('events');
    await kubectl(['apply', '-f', '-'], { stdin: manifest(coreEvent(ns, 'old-style', 'web'), newEvent(ns, 'new-style', 'db')) });

    const viaCore = await getJson(['events', '-n', ns]);
    const viaV1 = await getJson([EVENTS_V1, '-n', ns]);
    expect(names(viaCore)).toEqual(['new-style', 'old-style']);
    expect(names(viaV1)).toEqual(['new-style', 'old-style']);

    const core = Object.fromEntries(viaCore.items.map((e: any) => [e.metadata.name, e]));
    const v1 = Object.fromEntries(viaV1.items.map((e: any) => [e.metadata.name, e]));
    expect(core['new-style']).toMatchObject({ apiVersion: 'v1', involvedObject: { name: 'db' }, message: 'tested db', reportingComponent: 'kubeflare.dev/e2e' });
    expect(core['new-style']).not.toHaveProperty('note');
    expect(v1['old-style']).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      regarding: { name: 'web' },
      note: `Successfully assigned ${ns}/web`,
      deprecatedSource: { component: 'e2e-scheduler' },
      deprecatedCount: 1,
    });
    expect(v1['old-style']).not.toHaveProperty('involvedObject');
    // the same object: one uid and resourceVersion whichever API serves it
    expect(v1['old-style'].metadata.uid).toBe(core['old-style'].metadata.uid);
    expect(v1['new-style'].metadata.resourceVersion).toBe(core['new-style'].metadata.resourceVersion);
  });

  it('kubectl get events.events.k8s.io -A lists the events kubectl get events -A lists', async () => {
    const ns = await newNamespace('events-all');
    await kubectl(['apply', '-f', '-'], { stdin: manifest(coreEvent(ns, 'listed', 'web')) });
    const key = (e: any) => `${e.metadata.namespace}/${e.metadata.name}`;
    const before = new Set<string>((await getJson(['events', '-A'])).items.map(key));
    const v1 = new Set<string>((await getJson([EVENTS_V1, '-A'])).items.map(key));
    const after = new Set<string>((await getJson(['events', '-A'])).items.map(key));
    // events come and go meanwhile (controllers write, the TTL expires): those present before and after must be there
    const stable = [...before].filter((k) => after.has(k));
    expect(stable).toContain(`${ns}/listed`);
    expect(stable.filter((k) => !v1.has(k))).toEqual([]);
  });

  it('prints upstream columns and takes each API’s field selectors', async () => {
    const ns = await newNamespace('events-table');
    await kubectl(['apply', '-f', '-'], { stdin: manifest(coreEvent(ns, 'a', 'web'), newEvent(ns, 'b', 'db')) });
    const rows = tableRows((await kubectl(['get', EVENTS_V1, '-n', ns, '--sort-by=.metadata.name'])).stdout);
    expect(rows[0]).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(rows.slice(1).map((r) => r.slice(1))).toEqual([
      ['Normal', 'Scheduled', 'pod/web', `Successfully assigned ${ns}/web`],
      ['Warning', 'Tested', 'pod/db', 'tested db'],
    ]);
    expect(names(await getJson([EVENTS_V1, '-n', ns, '--field-selector', 'regarding.name=db']))).toEqual(['b']);
    expect(names(await getJson([EVENTS_V1, '-n', ns, '--field-selector', 'reportingController=kubeflare.dev/e2e']))).toEqual(['b']);
    expect(names(await getJson(['events', '-n', ns, '--field-selector', 'involvedObject.name=web']))).toEqual(['a']);
    expect(names(await getJson(['events', '-n', ns, '--field-selector', 'source=e2e-scheduler']))).toEqual(['a']);
    const bad = await kubectl(['get', 'events', '-n', ns, '--field-selector', 'regarding.name=db'], { allowFail: true });
    expect(bad.stderr).toContain('field label not supported: regarding.name');
  });

  it('a watch through one API sees events created through the other, in its own shape', async () => {
    const ns = await newNamespace('events-watch');
    // -o json: no Table, so the store's lines must still be converted from core/v1 on the way out
    const v1Watch = await kubectlWatching(['get', EVENTS_V1, '-n', ns, '-w', '-o', 'json']);
    const coreWatch = await kubectlWatching(['get', 'events', '-n', ns, '-w', '-o', 'json']);
    try {
      await kubectl(['apply', '-f', '-'], { stdin: manifest(coreEvent(ns, 'from-core', 'web')) });
      await kubectl(['apply', '-f', '-'], { stdin: manifest(newEvent(ns, 'from-v1', 'db')) });
      const v1Seen = await poll(() => (v1Watch.output().match(/"name": "from-(core|v1)"/g)?.length === 2 ? v1Watch.output() : undefined), 10_000, 'both events in the events.k8s.io watch');
      const coreSeen = await poll(() => (coreWatch.output().match(/"name": "from-(core|v1)"/g)?.length === 2 ? coreWatch.output() : undefined), 10_000, 'both events in the core watch');
      expect(v1Seen).toContain('"note": "Successfully assigned');
      expect(v1Seen).not.toContain('"involvedObject"');
      expect(coreSeen).toContain('"message": "tested db"');
      expect(coreSeen).not.toContain('"regarding"');
    } finally {
      await v1Watch.stop();
      await coreWatch.stop();
    }
  });

  it('events.k8s.io/v1 writes are validated as upstream validates new-style events', async () => {
    const ns = await newNamespace('events-invalid');
    const { eventTime: _t, ...noTime } = newEvent(ns, 'bad', 'web');
    const r = await kubectl(['create', '-f', '-'], { stdin: manifest({ ...noTime, deprecatedCount: 3 }), allowFail: true });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The Event "bad" is invalid');
    expect(r.stderr).toContain('eventTime: Required value');
    expect(r.stderr).toContain('count: Invalid value: "": needs to be unset');
    // the same shape through core/v1 is an old-style event, and fine
    await kubectl(['create', '-f', '-'], { stdin: manifest(coreEvent(ns, 'ok', 'web')) });
    expect(names(await getJson([EVENTS_V1, '-n', ns]))).toEqual(['ok']);
  });
});
