import { describe, expect, it } from 'vitest';
import { humanDuration } from '../../../shared/tables';
import { DAY, HOUR, MIN, SEC } from './helpers';

// Cases from k8s.io/apimachinery/pkg/util/duration TestHumanDuration plus the AGE examples kubectl users see.
describe('humanDuration', () => {
  it.each([
    [SEC, '1s'],
    [5 * SEC, '5s'],
    [70 * SEC, '70s'],
    [119 * SEC, '119s'],
    [120 * SEC, '2m'],
    [182 * SEC, '3m2s'],
    [190 * SEC, '3m10s'],
    [10 * MIN, '10m'],
    [70 * MIN, '70m'],
    [3 * HOUR - SEC, '179m'],
    [3 * HOUR, '3h'],
    [3 * HOUR + 30 * MIN, '3h30m'],
    [8 * HOUR, '8h'],
    [47 * HOUR, '47h'],
    [49 * HOUR, '2d1h'],
    [51 * HOUR, '2d3h'],
    [(8 * 24 + 2) * HOUR, '8d'],
    [367 * DAY, '367d'],
    [(365 * 2 * 24 + 25) * HOUR, '2y1d'],
    [5 * 365 * DAY, '5y'],
    [(365 * 8 * 24 + 2) * HOUR, '8y'],
    [0, '0s'],
    [-1 * SEC, '0s'],
    [-1999, '0s'],
    [-2 * SEC, '<invalid>'],
  ])('%d ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});
