// pkg/controller/history: FNV-32 revision hashes, names, equality and ordering (controller_history_test.go).
import { describe, expect, it } from 'vitest';
import { fnv32a } from '../../../../shared/controllers';
import {
  controllerRevisionName, equalRevision, fnv32, hashControllerRevision, revisionRaw, sortControllerRevisions, templateOfRevision, templatePatch,
} from '../../../../shared/controllers/history';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('controller history', () => {
  it('fnv32 is FNV-1 (hash/fnv New32), not the FNV-1a of the pod-template hash', () => {
    expect(fnv32(bytes(''))).toBe(0x811c9dc5);
    expect(fnv32(bytes('a'))).toBe(0x050c5d7e);
    expect(fnv32(bytes('foobar'))).toBe(0x31f0b262);
    expect(fnv32a(bytes('foobar'))).toBe(0xbf9cf968);
  });

  it('HashControllerRevision: the collision count changes the hash; names are <prefix>-<hash>, prefix cut at 223', () => {
    const data = templatePatch({ metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } });
    const h0 = hashControllerRevision({ data: data as any });
    expect(h0).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(hashControllerRevision({ data: data as any }, 1)).not.toBe(h0);
    expect(hashControllerRevision({ data: data as any }, 0)).not.toBe(h0);
    expect(controllerRevisionName('x'.repeat(300), 'h')).toBe(`${'x'.repeat(223)}-h`);
  });

  it('the raw data is Go encoding of a map: sorted keys, HTML escaped, typed zero values present', () => {
    const raw = revisionRaw(templatePatch({ spec: { containers: [{ name: 'c', image: 'a<b' }] } }));
    expect(raw).toBe('{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null},"spec":{"containers":[{"image":"a\\u003cb","name":"c","resources":{}}]}}}}');
    expect(templateOfRevision(JSON.parse(raw))).toEqual({ metadata: {}, spec: { containers: [{ name: 'c', image: 'a<b', resources: {} }] } });
  });

  it('EqualRevision compares data bytes, whatever order the keys arrived in', () => {
    const a: any = { revision: 1, data: { spec: { template: { b: 1, a: 2 } } } };
    const b: any = { revision: 2, data: { spec: { template: { a: 2, b: 1 } } } };
    expect(equalRevision(a, b)).toBe(true);
    expect(equalRevision(a, { ...b, data: { spec: {} } })).toBe(false);
    // numeric hash labels (as old controllers wrote) must agree
    expect(equalRevision({ ...a, metadata: { labels: { 'controller.kubernetes.io/hash': '1' } } }, { ...b, metadata: { labels: { 'controller.kubernetes.io/hash': '2' } } })).toBe(false);
  });

  it('SortControllerRevisions: by revision, then creation time, then name', () => {
    const r = (name: string, revision: number, ts: string): any => ({ metadata: { name, creationTimestamp: ts }, revision });
    const sorted = sortControllerRevisions([r('c', 2, '2024-01-01T00:00:00Z'), r('b', 1, '2024-01-01T00:00:01Z'), r('a', 1, '2024-01-01T00:00:01Z'), r('d', 1, '2024-01-01T00:00:00Z')]);
    expect(sorted.map((x) => x.metadata!.name)).toEqual(['d', 'a', 'b', 'c']);
  });
});
