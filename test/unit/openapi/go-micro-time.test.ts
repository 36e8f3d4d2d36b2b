import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import { ApiError } from '../../../shared/api/errors';
import { admitCreate } from '../../../shared/apiserver/admission';
import { goTimeParseError } from '../../../shared/openapi/go-time';

// metav1.MicroTime decodes with time.Parse(RFC3339Micro, …): the layout's `.000000` (stdFracSecond0) takes exactly
// six digits, while metav1.Time's time.RFC3339 reads a fraction of any length or none
const MICRO = '2006-01-02T15:04:05.000000Z07:00';
const as = (value: string, rest: string, elem: string) => `parsing time "${value}" as "${MICRO}": cannot parse "${rest}" as "${elem}"`;

describe('goTimeParseError with RFC3339Micro (metav1.MicroTime)', () => {
  it.each([
    // upstream micro_time_test.go TestMicroTimeUnmarshalJSON / TestMicroTimeUnmarshalYAML
    '1998-05-05T05:05:05.000000Z',
    '2026-12-04T03:30:00.409123+05:30',
    '2026-12-04T03:30:00,409123Z',
    // Go's atoi reads a sign: -0 is 0
    '2026-12-04T03:30:00.-00000Z',
    '2026-12-04T03:30:00.+00001Z',
  ])('accepts %s', (s) => expect(goTimeParseError(s, 'RFC3339Micro')).toBeUndefined());

  it.each([
    ['2026-12-04T03:30:00Z', as('2026-12-04T03:30:00Z', 'Z', '.000000')],
    ['2026-12-04T03:30:00.123Z', as('2026-12-04T03:30:00.123Z', '.123Z', '.000000')],
    ['2026-12-04T03:30:00.123+01:00', as('2026-12-04T03:30:00.123+01:00', '.123+01:00', '.000000')],
    ['2026-12-04T03:30:00.123456789Z', as('2026-12-04T03:30:00.123456789Z', '789Z', 'Z07:00')],
    ['2026-12-04T03:30:00.12345aZ', as('2026-12-04T03:30:00.12345aZ', '.12345aZ', '.000000')],
    ['2026-12-04T03:30:00.-00001Z', 'parsing time "2026-12-04T03:30:00.-00001Z": fractional second out of range'],
    ['not-a-time', as('not-a-time', 'not-a-time', '2006')],
    ['2026-13-04T03:30:00.000000Z', 'parsing time "2026-13-04T03:30:00.000000Z": month out of range'],
    ['2026-02-30T03:30:00.000000Z', 'parsing time "2026-02-30T03:30:00.000000Z": day out of range'],
  ])('refuses %j', (s, message) => expect(goTimeParseError(s, 'RFC3339Micro')).toBe(message));

  it('RFC3339 (metav1.Time) still takes a fraction of any length, or none', () => {
    for (const s of ['2026-12-04T03:30:00Z', '2026-12-04T03:30:00.1Z', '2026-12-04T03:30:00.123456789Z']) expect(goTimeParseError(s)).toBeUndefined();
  });
});

describe('admission refuses a MicroTime Go cannot parse with upstream 400 decode error', () => {
  const ctx = { now: '2024-01-01T00:00:00Z', newUid: () => 'u', rand: () => 0.5 };
  const def = (group: string, kind: string) => BUILTIN_RESOURCES.find((d) => d.group === group && d.kind === kind)!;
  const refusal = (fn: () => unknown): unknown[] => {
    try {
      fn();
    } catch (e) {
      return [(e as ApiError).code, (e as ApiError).reason, (e as ApiError).message];
    }
    return ['admitted'];
  };
  const lease = (renewTime: string) => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l' }, spec: { holderIdentity: 'a', renewTime } });

  it.each([
    ['2026-12-04T03:30:00Z', 'Z'],
    ['2026-12-04T03:30:00.409Z', '.409Z'],
  ])('Lease spec.renewTime %s', (renewTime, rest) => {
    expect(refusal(() => admitCreate(def('coordination.k8s.io', 'Lease'), lease(renewTime), 'team', ctx, { version: 'v1' }))).toEqual([
      400,
      'BadRequest',
      `Lease in version "v1" cannot be handled as a Lease: ${as(renewTime, rest, '.000000')}`,
    ]);
  });

  it('a six-digit renewTime is admitted, and a metav1.Time field keeps taking three digits', () => {
    expect(admitCreate(def('coordination.k8s.io', 'Lease'), lease('2026-12-04T03:30:00.409000Z'), 'team', ctx, { version: 'v1' }).object.spec).toMatchObject({ renewTime: '2026-12-04T03:30:00.409000Z' });
    const event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'team' }, lastTimestamp: '2026-12-04T03:30:00.409Z' };
    expect(refusal(() => admitCreate(def('', 'Event'), event, 'team', ctx, { version: 'v1' }))).toEqual(['admitted']);
  });

  it('core v1 Event eventTime', () => {
    const event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p' }, eventTime: '2026-12-04T03:30:00Z' };
    expect(refusal(() => admitCreate(def('', 'Event'), event, 'team', ctx, { version: 'v1' }))).toEqual([
      400,
      'BadRequest',
      `Event in version "v1" cannot be handled as a Event: ${as('2026-12-04T03:30:00Z', 'Z', '.000000')}`,
    ]);
  });
});
