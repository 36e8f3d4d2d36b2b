// The watch check must pass a faithful stream and name each kind of fault: reorder, duplicate, gap,
// phantom write, wrong type, and a stream that does not end in the listed state.
import { describe, expect, it } from 'vitest';
import { checkWatchHistory, type WatchCheckInput, type WatchRecord, type WatchedWrite } from '../../../shared/testing/watch-history';

const writes: WatchedWrite[] = [
  { op: 'create', key: 'a', value: 'a1', rv: 11, acknowledged: true },
  { op: 'update', key: 'a', value: 'a2', rv: 12, acknowledged: true },
  { op: 'create', key: 'b', value: 'b1', rv: 13, acknowledged: true },
  { op: 'delete', key: 'a', acknowledged: true },
];
const records: WatchRecord[] = [
  { type: 'ADDED', key: 'a', value: 'a1', rv: 11 },
  { type: 'MODIFIED', key: 'a', value: 'a2', rv: 12 },
  { type: 'ADDED', key: 'b', value: 'b1', rv: 13 },
  { type: 'DELETED', key: 'a', value: 'a2', rv: 14 },
];
const good: WatchCheckInput = { start: { rv: 10, items: {} }, records, writes, final: { rv: 14, items: { b: { value: 'b1', rv: 13 } } } };

describe('checkWatchHistory', () => {
  it('accepts a faithful stream', () => {
    expect(checkWatchHistory(good)).toEqual([]);
  });

  it('names a reorder, a duplicate and a gap', () => {
    const swapped = [records[1]!, records[0]!, records[2]!, records[3]!];
    expect(checkWatchHistory({ ...good, records: swapped })).toContain('ADDED at rv 11 after rv 12: resourceVersions must strictly increase');
    const dup = [records[0]!, records[1]!, records[1]!, records[2]!, records[3]!];
    expect(checkWatchHistory({ ...good, records: dup })).toContain('acknowledged update of a at rv 12 was delivered 2 times');
    const gap = [records[0]!, records[2]!, records[3]!];
    expect(checkWatchHistory({ ...good, records: gap })).toContain('acknowledged update of a at rv 12 was delivered 0 times');
  });

  it('names a lost delete, a phantom value and a wrong event type', () => {
    expect(checkWatchHistory({ ...good, records: records.slice(0, 3) })).toContain('acknowledged delete of a was never delivered');
    const phantom = records.map((r) => (r.rv === 12 ? { ...r, value: 'zz' } : r));
    expect(checkWatchHistory({ ...good, records: phantom })).toContain('MODIFIED a at rv 12 carries value "zz" that no client wrote');
    const wrongType = records.map((r): WatchRecord => (r.rv === 13 && r.type !== 'RELIST' ? { ...r, type: 'MODIFIED' } : r));
    expect(checkWatchHistory({ ...good, records: wrongType })).toContain('MODIFIED b at rv 13 while it did not exist');
  });

  it('names a final list the stream does not explain', () => {
    const final = { rv: 14, items: { b: { value: 'b1', rv: 13 }, a: { value: 'a2', rv: 12 } } };
    expect(checkWatchHistory({ ...good, final })).toEqual(['replaying the stream gives a=absent, the final list a2@12']);
  });

  it('lets a write whose outcome was lost appear or not', () => {
    const lost: WatchedWrite = { op: 'update', key: 'b', value: 'b2', acknowledged: false };
    expect(checkWatchHistory({ ...good, writes: [...writes, lost] })).toEqual([]);
    const applied = [...records, { type: 'MODIFIED' as const, key: 'b', value: 'b2', rv: 15 }];
    expect(checkWatchHistory({ ...good, writes: [...writes, lost], records: applied, final: { rv: 15, items: { b: { value: 'b2', rv: 15 } } } })).toEqual([]);
  });

  it('after a relist, accepts the list in place of the events it covers', () => {
    const relist: WatchRecord = { type: 'RELIST', rv: 13, items: { a: { value: 'a2', rv: 12 }, b: { value: 'b1', rv: 13 } } };
    expect(checkWatchHistory({ ...good, records: [records[0]!, relist, records[3]!] })).toEqual([]);
    // writes after the relist are still owed
    expect(checkWatchHistory({ ...good, records: [records[0]!, { ...relist, rv: 12, items: { a: { value: 'a2', rv: 12 } } }, records[3]!] })).toContain(
      'acknowledged create of b at rv 13 was delivered 0 times',
    );
  });
});
