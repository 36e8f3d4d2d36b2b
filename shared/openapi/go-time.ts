/** The Go layouts metav1 decodes a JSON timestamp with: Time's time.RFC3339, MicroTime's RFC3339Micro. */
export type GoTimeLayout = 'RFC3339' | 'RFC3339Micro';

const LAYOUTS: Record<GoTimeLayout, string> = { RFC3339: '2006-01-02T15:04:05Z07:00', RFC3339Micro: '2006-01-02T15:04:05.000000Z07:00' };

/**
 * Go's time.Parse(layout, s), as metav1.Time (time.RFC3339) and metav1.MicroTime (RFC3339Micro,
 * `2006-01-02T15:04:05.000000Z07:00`) decode a JSON string. Returns undefined when Go parses `s`, else Go's error
 * text: `parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`, or `parsing time
 * "2026-13-01T00:00:00Z": month out of range`. encoding/json fails the whole body with it, which the API server
 * answers 400 (`Event in version "v1" cannot be handled as a Event: parsing time …`): a stored timestamp no client
 * can decode would break every typed list of its kind.
 *
 * RFC3339 reads a fraction of any length (time.Parse's special case for a fraction the layout does not name);
 * RFC3339Micro's `.000000` needs exactly six digits there, so a MicroTime without one, or with three, is refused.
 * @example goTimeParseError('2026-12-04T03:30:00.123456Z', 'RFC3339Micro') === undefined
 */
export function goTimeParseError(s: string, layout: GoTimeLayout = 'RFC3339'): string | undefined {
  // every timestamp the cluster writes has the canonical form: checked in one pass, no field-by-field slicing
  return isCanonical(s, layout) ? undefined : fullGoTimeParseError(s, layout);
}

/**
 * Whether `s` is a UTC timestamp in the canonical form with every field in range, so Go parses it:
 * `2006-01-02T15:04:05Z`, with any fraction for Time and exactly six digits for MicroTime. Read by
 * character codes: no slices, no match objects.
 */
function isCanonical(s: string, layout: GoTimeLayout): boolean {
  const n = s.length;
  if (n < 20 || s.charCodeAt(n - 1) !== 90 /* Z */) return false;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  if (n === 20) {
    if (layout === 'RFC3339Micro') return false;
  } else {
    // a fraction: '.' and digits up to the Z, six of them for MicroTime
    if (s.charCodeAt(19) !== 46 || n < 22 || (layout === 'RFC3339Micro' && n !== 27)) return false;
    for (let i = 20; i < n - 1; i++) if (digitAt(s, i) < 0) return false;
  }
  const [century, yy, month, day, hour, minute, second] = [twoDigits(s, 0), twoDigits(s, 2), twoDigits(s, 5), twoDigits(s, 8), twoDigits(s, 11), twoDigits(s, 14), twoDigits(s, 17)];
  // a non-digit reads as negative
  if (century < 0 || yy < 0 || hour < 0 || minute < 0 || second < 0) return false;
  const year = century * 100 + yy;
  return month >= 1 && month <= 12 && hour < 24 && minute < 60 && second < 60 && day >= 1 && day <= daysIn(month, year);
}

function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
}

/** The two-digit number at `i`, negative when either is not a digit. */
function twoDigits(s: string, i: number): number {
  return digitAt(s, i) * 10 + digitAt(s, i + 1);
}

/** goTimeParseError without the canonical form's shortcut: Go's parse field by field (exported for the test that compares the two). */
export function fullGoTimeParseError(s: string, layout: GoTimeLayout = 'RFC3339'): string | undefined {
  const LAYOUT = LAYOUTS[layout];
  let rest = s;
  const cannot = (elem: string) => `parsing time ${goQuote(s)} as "${LAYOUT}": cannot parse ${goQuote(rest)} as ${goQuote(elem)}`;
  const outOfRange = (what: string) => `parsing time ${goQuote(s)}: ${what} out of range`;
  // fixed-width fields (2006, 01, 02, 04, 05) and the hour, which Go reads as one or two digits
  const num = (width: number, fixed: boolean): number | undefined => {
    if (!isDigit(rest[0])) return undefined;
    let n = 1;
    while (n < width && isDigit(rest[n])) n++;
    if (fixed && n < width) return undefined;
    const v = Number(rest.slice(0, n));
    rest = rest.slice(n);
    return v;
  };
  const literal = (c: string): boolean => {
    if (!rest.startsWith(c)) return false;
    rest = rest.slice(c.length);
    return true;
  };
  const year = rest.length >= 4 && isDigit(rest[0]) ? rest.slice(0, 4) : undefined;
  if (year === undefined) return cannot('2006');
  rest = rest.slice(4);
  if (!/^\d{4}$/.test(year)) return cannot('2006');
  if (!literal('-')) return cannot('-');
  const month = num(2, true);
  if (month === undefined) return cannot('01');
  // Go returns at the first field out of range
  if (month < 1 || month > 12) return outOfRange('month');
  if (!literal('-')) return cannot('-');
  const day = num(2, true);
  if (day === undefined) return cannot('02');
  if (!literal('T')) return cannot('T');
  const hour = num(2, false);
  if (hour === undefined) return cannot('15');
  if (hour >= 24) return outOfRange('hour');
  if (!literal(':')) return cannot(':');
  const minute = num(2, true);
  if (minute === undefined) return cannot('04');
  if (minute >= 60) return outOfRange('minute');
  if (!literal(':')) return cannot(':');
  const second = num(2, true);
  if (second === undefined) return cannot('05');
  if (second >= 60) return outOfRange('second');
  if (layout === 'RFC3339Micro') {
    // stdFracSecond0: exactly the layout's digits after '.' or ','; Go's atoi reads them, a sign included
    const digits = rest.slice(1, 7);
    if (rest.length < 7 || (rest[0] !== '.' && rest[0] !== ',') || !/^[+-]?\d*$/.test(digits)) return cannot('.000000');
    if (digits[0] === '-' && Number(digits.slice(1)) !== 0) return outOfRange('fractional second');
    rest = rest.slice(7);
  } else if ((rest[0] === '.' || rest[0] === ',') && isDigit(rest[1])) {
    // a fractional second the layout does not name is still read (time.Parse's special case)
    let n = 2;
    while (isDigit(rest[n])) n++;
    rest = rest.slice(n);
  }
  if (rest[0] === 'Z') rest = rest.slice(1);
  else {
    if (rest.length < 6 || rest[3] !== ':') return cannot('Z07:00');
    const [sign, hh, mm] = [rest[0], rest.slice(1, 3), rest.slice(4, 6)];
    rest = rest.slice(6);
    if (!/^\d\d$/.test(hh) || !/^\d\d$/.test(mm) || (sign !== '+' && sign !== '-')) return cannot('Z07:00');
    if (Number(mm) > 60) return outOfRange('time zone offset minute');
    if (Number(hh) > 24) return outOfRange('time zone offset hour');
  }
  if (rest !== '') return `parsing time ${goQuote(s)}: extra text: ${goQuote(rest)}`;
  if (day < 1 || day > daysIn(month, Number(year))) return outOfRange('day');
  return undefined;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Go's time package quote: double quotes, `"` and `\\` escaped, bytes outside printable ASCII as `\\xNN`. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c >= 0x80) {
      for (const b of new TextEncoder().encode(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
  }
  return `${out}"`;
}
