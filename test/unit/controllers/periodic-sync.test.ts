import { describe, expect, it } from 'vitest';
import { periodicSyncTime } from '../../../shared/controllers/periodic-sync';

describe('periodicSyncTime', () => {
  const P = 15_000;
  it.each([
    // [last sync stood for, now, what this sync stands for]
    [undefined, 7_000, 7_000], // the first sync: now
    [0, 15_000, 15_000], // on time
    [0, 18_000, 15_000], // 3 s late: the next is still due at 30 s
    [0, 29_999, 15_000], // just under a period late
    [0, 30_000, 30_000], // a whole period late (a stall): afresh from now, no burst of catch-up syncs
    [0, 95_000, 95_000],
    [0, 14_900, 14_900], // before it was due (the host's slack, or a sync someone asked for): from now, as upstream
    [0, 100, 100],
  ] as const)('last %s, now %s → %s', (last, now, want) => {
    expect(periodicSyncTime(last, now, P)).toBe(want);
  });
  it('keeps the period in cluster time over syncs each run late', () => {
    let last: number | undefined;
    const ran: number[] = [];
    let due = 0;
    for (const late of [0, 3000, 2000, 4000, 1000]) {
      const now = due + late;
      ran.push(now);
      last = periodicSyncTime(last, now, P);
      due = last + P;
    }
    expect(ran).toEqual([0, 18_000, 32_000, 49_000, 61_000]);
    expect(due).toBe(75_000); // five periods after the first, however late each ran
  });
});
