import { describe, expect, it } from 'vitest';
import { fullGoTimeParseError, goTimeParseError } from '../../../shared/openapi/go-time';

// Go's time.Parse(time.RFC3339, …) as metav1.Time and MicroTime decode JSON; messages as Go's ParseError prints them
describe('goTimeParseError (RFC3339)', () => {
  it.each([
    '2026-12-04T03:30:00Z',
    '2026-12-04T03:30:00.409000Z',
    '2026-12-04T03:30:00.1Z',
    '2026-12-04t03:30:00z'.toUpperCase(),
    '2024-02-29T00:00:00+05:30',
    '2026-12-04T3:30:00-08:00',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999999999Z',
  ])('accepts %s', (s) => expect(goTimeParseError(s)).toBeUndefined());

  const as = (value: string, rest: string, elem: string) => `parsing time "${value}" as "2006-01-02T15:04:05Z07:00": cannot parse "${rest}" as "${elem}"`;
  it.each([
    ['not-a-time', as('not-a-time', 'not-a-time', '2006')],
    ['', as('', '', '2006')],
    ['99999-12-04T03:30:00Z', as('99999-12-04T03:30:00Z', '9-12-04T03:30:00Z', '-')],
    ['2026-12-04', as('2026-12-04', '', 'T')],
    ['2026-12-04 03:30:00Z', as('2026-12-04 03:30:00Z', ' 03:30:00Z', 'T')],
    ['2026-1-04T03:30:00Z', as('2026-1-04T03:30:00Z', '1-04T03:30:00Z', '01')],
    ['2026-12-04T03:30:00', as('2026-12-04T03:30:00', '', 'Z07:00')],
    ['2026-12-04T03:30:00+0100', as('2026-12-04T03:30:00+0100', '+0100', 'Z07:00')],
    ['2026-13-45T99:99:99Z', 'parsing time "2026-13-45T99:99:99Z": month out of range'],
    ['2026-12-04T24:00:00Z', 'parsing time "2026-12-04T24:00:00Z": hour out of range'],
    ['2026-12-04T23:60:00Z', 'parsing time "2026-12-04T23:60:00Z": minute out of range'],
    ['2026-12-04T23:59:60Z', 'parsing time "2026-12-04T23:59:60Z": second out of range'],
    ['2026-02-29T00:00:00Z', 'parsing time "2026-02-29T00:00:00Z": day out of range'],
    ['2026-04-31T00:00:00Z', 'parsing time "2026-04-31T00:00:00Z": day out of range'],
    ['2026-12-04T03:30:00Zjunk', 'parsing time "2026-12-04T03:30:00Zjunk": extra text: "junk"'],
    ['say "hi"\n', as('say \\"hi\\"\\x0a', 'say \\"hi\\"\\x0a', '2006')],
  ])('refuses %j', (s, message) => expect(goTimeParseError(s)).toBe(message));
});

// goTimeParseError answers the canonical form (`2026-12-04T03:30:00Z`, MicroTime's six digits) by one match;
// whatever the string, it must answer what Go's field-by-field parse answers
describe('goTimeParseError: the canonical form\'s shortcut gives the full parse\'s answer', () => {
  const seeds = ['2026-12-04T03:30:00Z', '2026-12-04T03:30:00.409000Z', '2024-02-29T23:59:59.1Z', '0000-01-01T00:00:00.000000Z', '9999-12-31T23:59:59Z'];
  const chars = ['0', '1', '2', '3', '5', '9', '-', ':', 'T', 'Z', '.', ',', '+', ' ', 'z', 'x', ''];
  // every seed with each position replaced by, or extended with, each character: 2-digit fields out of
  // range, separators moved, fractions of every length, trailing text
  const strings = new Set<string>();
  for (const seed of seeds) {
    for (let i = 0; i <= seed.length; i++) {
      for (const c of chars) {
        strings.add(seed.slice(0, i) + c + seed.slice(i + 1));
        strings.add(seed.slice(0, i) + c + seed.slice(i));
      }
    }
  }
  for (const month of ['00', '01', '02', '04', '12', '13']) {
    for (const day of ['00', '01', '28', '29', '30', '31', '32']) {
      for (const year of ['1900', '2000', '2024', '2026']) strings.add(`${year}-${month}-${day}T00:00:00Z`);
    }
  }
  for (const hms of ['23:59:59', '24:00:00', '00:60:00', '00:00:60', '99:99:99']) strings.add(`2026-12-04T${hms}Z`);
  const all = [...strings];

  it.each(['RFC3339', 'RFC3339Micro'] as const)('%s', (layout) => {
    const differ = all.filter((s) => goTimeParseError(s, layout) !== fullGoTimeParseError(s, layout));
    expect(differ).toEqual([]);
    // the table exercises both answers
    expect(all.filter((s) => goTimeParseError(s, layout) === undefined).length).toBeGreaterThan(50);
    expect(all.filter((s) => goTimeParseError(s, layout) !== undefined).length).toBeGreaterThan(500);
  });
});
