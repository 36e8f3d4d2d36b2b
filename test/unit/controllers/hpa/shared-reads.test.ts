import { describe, expect, it } from 'vitest';
import { LIST_ROWS_PER_GET, listServes, SHARED_READ_MIN_DUE } from '../../../../shared/controllers/hpa';

describe('HPA syncs due together read with one list when it serves them', () => {
  it('lists for a few due syncs at least, and only while they are a quarter of what the last list returned', () => {
    // a lone due HPA (real time) reads its own
    expect(listServes(1, undefined)).toBe(false);
    expect(listServes(SHARED_READ_MIN_DUE - 1, SHARED_READ_MIN_DUE - 1)).toBe(false);
    // never listed: the first list is taken (and its size remembered by the caller)
    expect(listServes(SHARED_READ_MIN_DUE, undefined)).toBe(true);
    expect(listServes(25, 100)).toBe(true);
    expect(listServes(24, 100)).toBe(false);
    // 10 due among 1000 Deployments: 10 GETs are cheaper than parsing 1000 rows
    expect(listServes(10, 10 * LIST_ROWS_PER_GET + 1)).toBe(false);
  });
});
