import { describe, expect, it } from 'vitest';
import { computeHash, equalIgnoreHash, fnv32a, safeEncodeString } from '../../../shared/controllers';

const enc = (s: string) => new TextEncoder().encode(s);

describe('pod-template-hash', () => {
  it('uses FNV-32a (Go hash/fnv test vectors)', () => {
    expect(fnv32a(enc(''))).toBe(0x811c9dc5);
    expect(fnv32a(enc('a'))).toBe(0xe40c292c);
    expect(fnv32a(enc('ab'))).toBe(0x4d2505ca);
    expect(fnv32a(enc('abc'))).toBe(0x1a47e90b);
  });

  it('renders with SafeEncodeString (digits map to 4-9, b, c, d, f)', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  const tmpl = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };

  it('is stable, independent of key order and empty values, and salted by collisionCount', () => {
    const h = computeHash(tmpl);
    expect(h).toMatch(/^[456789bcdf]+$/);
    expect(computeHash({ spec: { containers: [{ image: 'nginx', name: 'c' }] }, metadata: { labels: { app: 'web' }, annotations: {} } })).toBe(h);
    expect(computeHash(tmpl, 0)).not.toBe(h);
    expect(computeHash(tmpl, 1)).not.toBe(computeHash(tmpl, 0));
    expect(computeHash({ ...tmpl, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } })).not.toBe(h);
  });

  it('compares templates ignoring the pod-template-hash label', () => {
    const withHash = { ...tmpl, metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } } };
    expect(equalIgnoreHash(withHash, tmpl)).toBe(true);
    expect(equalIgnoreHash(withHash, { ...tmpl, metadata: { labels: { app: 'other' } } })).toBe(false);
  });
});
