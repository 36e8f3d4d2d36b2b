import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IsolateCache } from '../../../workers/api/isolate-cache';

describe('IsolateCache: values shared between requests, never promises', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('concurrent first requests each load their own copy (none awaits another request)', async () => {
    const cache = new IsolateCache<string, number>(2000);
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect([a, b, loads]).toEqual([1, 2, 2]);
    expect(await cache.get('k', load)).toBe(2);
  });

  it('a stale value is served while one request refreshes it, then the fresh one', async () => {
    const cache = new IsolateCache<string, string>(2000);
    await cache.get('k', async () => 'old');
    vi.setSystemTime(1_003_000);
    let finish!: (v: string) => void;
    const refreshing = cache.get('k', () => new Promise<string>((r) => (finish = r)));
    expect(await cache.get('k', async () => 'not asked')).toBe('old');
    finish('new');
    expect(await refreshing).toBe('new');
    expect(await cache.get('k', async () => 'not asked')).toBe('new');
  });

  it('a failed refresh lets the next request try, and invalidate forgets', async () => {
    const cache = new IsolateCache<string, string>(2000);
    await cache.get('k', async () => 'old');
    vi.setSystemTime(1_003_000);
    await expect(cache.get('k', async () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await cache.get('k', async () => 'retried')).toBe('retried');
    cache.invalidate('k');
    expect(await cache.get('k', async () => 'reloaded')).toBe('reloaded');
  });

  it('keeps at most maxEntries keys, dropping the oldest', async () => {
    const cache = new IsolateCache<string, string>(Infinity, 2);
    for (const k of ['a', 'b', 'c']) await cache.get(k, async () => k);
    expect(await cache.get('a', async () => 'a again')).toBe('a again');
    expect(await cache.get('c', async () => 'not asked')).toBe('c');
  });
});
