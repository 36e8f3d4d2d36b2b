import { describe, expect, it } from 'vitest';
import { COMPACTION_DELAY_MS, nextCompactionDelayMs } from '../../../shared/apiserver/compaction-delay';
import { EVENT_RETENTION_MS } from '../../../shared/apiserver/store-table';

describe('nextCompactionDelayMs', () => {
  it.each([
    { writtenSince: true, logEmpty: false, want: COMPACTION_DELAY_MS },
    { writtenSince: true, logEmpty: true, want: COMPACTION_DELAY_MS },
    { writtenSince: false, logEmpty: false, want: EVENT_RETENTION_MS },
    { writtenSince: false, logEmpty: true, want: undefined },
  ])('written since $writtenSince, log empty $logEmpty: $want', ({ writtenSince, logEmpty, want }) => {
    expect(nextCompactionDelayMs({ writtenSince, logEmpty })).toBe(want);
  });
});
