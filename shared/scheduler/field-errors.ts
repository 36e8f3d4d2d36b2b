import { CauseType, type StatusCause } from '../api/errors';

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'null';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** field.Invalid, as upstream renders it: `Invalid value: 0: detail`. */
export function fieldInvalid(field: string, value: unknown, detail: string): StatusCause {
  return { reason: CauseType.Invalid, field, message: `Invalid value: ${show(value)}: ${detail}` };
}

/** field.Required. */
export function fieldRequired(field: string, detail = ''): StatusCause {
  return { reason: CauseType.Required, field, message: detail ? `Required value: ${detail}` : 'Required value' };
}

/** field.NotSupported. */
export function fieldNotSupported(field: string, value: unknown, supported: string[]): StatusCause {
  return {
    reason: CauseType.NotSupported,
    field,
    message: `Unsupported value: ${show(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  };
}

/** field.Duplicate. */
export function fieldDuplicate(field: string, value: unknown): StatusCause {
  return { reason: CauseType.Duplicate, field, message: `Duplicate value: ${show(value)}` };
}
