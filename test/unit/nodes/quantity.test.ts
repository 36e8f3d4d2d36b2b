import { describe, expect, it } from 'vitest';
import { formatBytes, formatBytesKi, formatCpuMilli, parseBytes, parseCpuMilli, parseQuantity } from '../../../shared/nodes/quantity';
import { goDuration, microTime, rfc3339 } from '../../../shared/nodes/time-format';

describe('quantities', () => {
  it.each([
    ['250m', 250], ['1', 1000], ['0.5', 500], ['2.5', 2500], ['100n', 1], ['1e3', 1_000_000], ['0.1', 100], [1.5, 1500], ['1k', 1_000_000],
  ] as const)('cpu %s → %d millicores (MilliValue rounds up)', (q, m) => expect(parseCpuMilli(q)).toBe(m));

  it.each([
    ['1Ki', 1024], ['1Mi', 1048576], ['16Gi', 17179869184], ['1G', 1e9], ['128974848', 128974848], ['129e6', 129000000], ['123Mi', 128974848], ['0.5Gi', 536870912], ['1500m', 2],
  ] as const)('memory %s → %d bytes', (q, b) => expect(parseBytes(q)).toBe(b));

  it.each(['', 'abc', '1.2.3', '5Xi', '--1', '1 Gi', 'Mi'])('rejects %j', (q) => expect(parseQuantity(q)).toBeUndefined());

  it.each([[250, '250m'], [1000, '1'], [4000, '4'], [1500, '1500m'], [0, '0']] as const)('formatCpuMilli(%d) = %s', (m, s) => expect(formatCpuMilli(m)).toBe(s));
  it.each([[1073741824, '1Gi'], [3072, '3Ki'], [1500, '1500'], [17075011584, '16284Mi'], [0, '0']] as const)('formatBytes(%d) = %s', (b, s) => expect(formatBytes(b)).toBe(s));
  it('formatBytesKi rounds to Ki like metrics-server', () => expect(formatBytesKi(1048576 + 700)).toBe('1025Ki'));
});

describe('time formats', () => {
  it.each([[2100, '2.1s'], [543, '543ms'], [62500, '1m2.5s'], [0, '0s'], [3_723_000, '1h2m3s'], [1000, '1s'], [2134, '2.134s']] as const)(
    'goDuration(%d) = %s', (ms, s) => expect(goDuration(ms)).toBe(s));
  it('RFC 3339 and MicroTime', () => {
    const t = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
    expect(rfc3339(t)).toBe('2025-01-02T03:04:05Z');
    expect(microTime(t)).toBe('2025-01-02T03:04:05.678000Z');
  });
  // rfc3339 keeps the last second's text: calls in any order give what a fresh format gives
  it.each([
    [Date.UTC(2025, 0, 2, 3, 4, 5, 0), '2025-01-02T03:04:05Z'],
    [Date.UTC(2025, 0, 2, 3, 4, 5, 999), '2025-01-02T03:04:05Z'],
    [Date.UTC(2025, 0, 2, 3, 4, 6, 0), '2025-01-02T03:04:06Z'],
    [Date.UTC(2025, 0, 2, 3, 4, 5, 500), '2025-01-02T03:04:05Z'],
    [Date.UTC(2024, 11, 31, 23, 59, 59, 999), '2024-12-31T23:59:59Z'],
    [Date.UTC(2025, 0, 1), '2025-01-01T00:00:00Z'],
    [-1, '1969-12-31T23:59:59Z'],
    [-1000, '1969-12-31T23:59:59Z'],
    [-1001, '1969-12-31T23:59:58Z'],
    [0, '1970-01-01T00:00:00Z'],
  ])('rfc3339(%d) = %s, in sequence', (ms, text) => expect(rfc3339(ms)).toBe(text));
  it('rfc3339 of no time throws as toISOString does', () => {
    expect(() => rfc3339(Number.NaN)).toThrow(RangeError);
    expect(rfc3339(0)).toBe('1970-01-01T00:00:00Z');
  });
});
