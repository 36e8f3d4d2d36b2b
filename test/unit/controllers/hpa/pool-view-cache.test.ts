import { describe, expect, it } from 'vitest';
import { POOL_VIEW_MAX_AGE_MS, poolViewFresh } from '../../../../shared/controllers/hpa';

const T0 = Date.UTC(2026, 0, 1);

describe("HPA syncs share a namespace's pods for a few cluster seconds", () => {
  it('reuses pods read less than POOL_VIEW_MAX_AGE_MS ago, never ones from the future', () => {
    expect(poolViewFresh(T0, T0)).toBe(true);
    expect(poolViewFresh(T0, T0 + POOL_VIEW_MAX_AGE_MS - 1)).toBe(true);
    expect(poolViewFresh(T0, T0 + POOL_VIEW_MAX_AGE_MS)).toBe(false);
    expect(poolViewFresh(T0 + 1, T0)).toBe(false);
  });
});
