import { ApiError, CauseType } from '../api/errors';

/**
 * The text of upstream's runtime.StrictDecodingError:
 * `strict decoding error: unknown field "spec.foo", unknown field "spec.bar"`.
 */
export function strictDecodingMessage(unknown: readonly string[]): string {
  return `strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`;
}

/**
 * The error upstream returns for a create or update body with unknown fields under
 * fieldValidation=Strict: 400 BadRequest, no details (handlers/rest.go transformDecodeError):
 * `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"`.
 * Without `gvk` the message is the bare decoding error.
 */
export function strictFieldError(unknown: readonly string[], gvk?: { version: string; kind: string }): ApiError {
  const detail = strictDecodingMessage(unknown);
  return new ApiError(400, 'BadRequest', gvk ? cannotBeHandled(gvk, detail) : detail);
}

/**
 * Any other decode failure of a create or update body, worded as upstream words it:
 * `Pod in version "v1" cannot be handled as a Pod: <detail>` (400 BadRequest).
 */
export function decodeError(gvk: { version: string; kind: string }, detail: string): ApiError {
  return new ApiError(400, 'BadRequest', cannotBeHandled(gvk, detail));
}

function cannotBeHandled(gvk: { version: string; kind: string }, detail: string): string {
  return `${gvk.kind} in version "${gvk.version}" cannot be handled as a ${gvk.kind}: ${detail}`;
}

/**
 * The error upstream returns for a json, merge or strategic merge PATCH whose result has unknown
 * fields under fieldValidation=Strict: 422 Invalid with an empty kind and name, one cause on the
 * field `patch` (handlers/patch.go). `patched` is the patched object, which upstream prints as the
 * bad value (it prints Go's map syntax for strategic merge patches; JSON here).
 */
export function strictPatchError(unknown: readonly string[], patched: string): ApiError {
  const message = `Invalid value: ${JSON.stringify(patched)}: ${strictDecodingMessage(unknown)}`;
  return new ApiError(422, 'Invalid', ` "" is invalid: patch: ${message}`, {
    causes: [{ reason: CauseType.Invalid, message, field: 'patch' }],
  });
}
