// parseTime and microTime remember their last answer: the same text (or millisecond) again gives the
// same result, and any other input is worked out afresh, whatever came before.
import { describe, expect, it } from 'vitest';
import { microTime, parseTime } from '../../../shared/nodes/time-format';

const T = Date.UTC(2026, 0, 1, 12, 0, 0, 123);

describe('parseTime', () => {
  const rows: [unknown, number | undefined][] = [
    ['2026-01-01T12:00:00.123000Z', T],
    ['2026-01-01T12:00:00.123000Z', T],
    ['2026-01-01T12:00:00Z', T - 123],
    ['not a time', undefined],
    ['not a time', undefined],
    ['2026-01-01T12:00:00.123000Z', T],
    [undefined, undefined],
    [null, undefined],
    [12, undefined],
    ['0001-01-01T00:00:00Z', -62135596800000],
    ['2026-01-01T12:00:01Z', T - 123 + 1000],
  ];
  it('parses each text in turn, repeated or not', () => {
    for (const [text, ms] of rows) expect(parseTime(text)).toBe(ms);
  });
});

describe('microTime', () => {
  it('formats each millisecond in turn, repeated or not', () => {
    for (const [ms, text] of [
      [T, '2026-01-01T12:00:00.123000Z'],
      [T + 0.7, '2026-01-01T12:00:00.123000Z'],
      [T, '2026-01-01T12:00:00.123000Z'],
      [T + 1, '2026-01-01T12:00:00.124000Z'],
      [T, '2026-01-01T12:00:00.123000Z'],
      [T - 123, '2026-01-01T12:00:00.000000Z'],
    ] as const) {
      expect(microTime(ms)).toBe(text);
    }
  });
});
