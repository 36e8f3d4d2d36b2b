import { CauseType, type StatusCause } from '../api/errors';

/**
 * field.Error constructors with upstream's wording (k8s.io/apimachinery/pkg/util/validation/field):
 * the cause message is `<Type>: <value>: <detail>`; the path goes in `field`, and `invalid()`
 * prefixes it when rendering the 422.
 */

/** Go's rendering of a bad value: strings quoted (%q), numbers and booleans bare, others as JSON. */
export function goValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function required(field: string, detail = ''): StatusCause {
  return { reason: CauseType.Required, message: detail ? `Required value: ${detail}` : 'Required value', field };
}

export function invalidValue(field: string, value: unknown, detail: string): StatusCause {
  return { reason: CauseType.Invalid, message: `Invalid value: ${goValue(value)}${detail ? `: ${detail}` : ''}`, field };
}

export function typeInvalid(field: string, value: unknown, detail: string): StatusCause {
  return { reason: CauseType.TypeInvalid, message: `Invalid value: ${goValue(value)}: ${detail}`, field };
}

export function forbidden(field: string, detail: string): StatusCause {
  return { reason: CauseType.Forbidden, message: `Forbidden: ${detail}`, field };
}

/** field.NotSupported: `Unsupported value: "XL": supported values: "S", "M"`. */
export function notSupported(field: string, value: unknown, valid: readonly string[]): StatusCause {
  const list = valid.map((v) => JSON.stringify(v)).join(', ');
  return { reason: CauseType.NotSupported, message: `Unsupported value: ${goValue(value)}${valid.length ? `: supported values: ${list}` : ''}`, field };
}

/** field.TooLong: the value is omitted, as upstream does for this type. */
export function tooLong(field: string, max: number): StatusCause {
  return { reason: CauseType.TooLong, message: `Too long: may not be more than ${max} bytes`, field };
}

/** field.TooMany: `Too many: 3: must have at most 2 items`. */
export function tooMany(field: string, actual: number, max: number): StatusCause {
  return { reason: 'FieldValueTooMany', message: `Too many: ${actual}: must have at most ${max} items`, field };
}

/** Path helpers in field.Path's notation: `spec.versions[0].schema`, `properties[spec]`. */
export function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}
