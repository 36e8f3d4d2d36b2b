import { ApiError, badRequest } from '../api/errors';
import type { Json } from '../api/object';
import { goFormat } from './go-format';

/** An error raised while merging; `kind` picks the HTTP mapping upstream's patch handler applies. */
export class SmpError extends Error {
  constructor(
    message: string,
    readonly kind: 'bad-request' | 'invalid' | 'internal',
  ) {
    super(message);
    this.name = 'SmpError';
  }
}

// k8s.io/apimachinery/pkg/util/mergepatch errors; the first group is 400 in
// interpretStrategicMergePatchError, the second 422, anything else reaches the client as a 500.
export const errBadPatchFormatForPrimitiveList = () =>
  new SmpError('invalid patch format of primitive list', 'bad-request');
export const errBadPatchFormatForRetainKeys = () => new SmpError('invalid patch format of retainKeys', 'bad-request');
export const errBadPatchFormatForSetElementOrderList = () =>
  new SmpError('invalid patch format of setElementOrder list', 'bad-request');
export const errNoListOfLists = () => new SmpError('lists of lists are not supported', 'invalid');

export function errNoMergeKey(m: Json, key: string): SmpError {
  return new SmpError(`map: ${goFormat(m)} does not contain declared merge key: ${key}`, 'internal');
}

export function errBadArgType(expected: 'map' | 'slice', actual: Json | undefined): SmpError {
  return new SmpError(`expected a ${expected}, but received a ${goKind(actual)}`, 'internal');
}

export function errBadPatchType(t: Json | undefined, m: Json): SmpError {
  return new SmpError(`unknown patch type: ${goFormat(t)} in map: ${goFormat(m)}`, 'internal');
}

export function internal(message: string): SmpError {
  return new SmpError(message, 'internal');
}

/** reflect.Kind names of decoded JSON values. */
export function goKind(v: Json | undefined): string {
  if (v === undefined || v === null) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'object') return 'map';
  if (typeof v === 'number') return 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

/** Maps a merge failure to the Status upstream's PATCH handler returns. */
export function toApiError(e: SmpError): ApiError {
  switch (e.kind) {
    case 'bad-request':
      return badRequest(e.message);
    case 'invalid':
      // NewGenericServerResponse(422): the library's message is replaced by the canned one.
      return new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
    default:
      // Upstream lets a plain Go error through as a 500 with the error text; the patch is at fault,
      // so here it is a 400 with the same text (issue 9: malformed input never gets a 5xx).
      return badRequest(e.message);
  }
}
