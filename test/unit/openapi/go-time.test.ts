import { describe, expect, it } from 'vitest';
import { goTimeParseError } from '../../../shared/openapi/go-time';

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
