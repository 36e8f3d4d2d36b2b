import { invalid } from '../api/errors';
import { invalid as invalidField } from '../validation/field-error';
import { parseBoundObjectRef, type BoundObjectRef } from './token/bound-object';
import type { StatusCause } from '../api/errors';
import { DEFAULT_EXPIRATION_SECONDS, MAX_EXPIRATION_SECONDS, MIN_EXPIRATION_SECONDS } from './token/service-account-token';

/** What a TokenRequest asks for, defaulted. */
export interface TokenRequestSpec {
  audiences: string[];
  expirationSeconds: number;
  /** The Pod, Secret or Node the token lives with (checked against the object by the caller). */
  boundObjectRef?: BoundObjectRef;
}

interface TokenRequestBody {
  metadata?: { name?: string; namespace?: string };
  spec?: { audiences?: string[] | null; expirationSeconds?: number | null; boundObjectRef?: unknown };
}

/**
 * Defaults and validates a TokenRequest for ServiceAccount `name` in `namespace` (upstream's
 * token REST and ValidateTokenRequest): audiences default to the server's, expirationSeconds to an
 * hour and must lie in [10 minutes, 2^32 seconds]; a boundObjectRef must name a core Pod, Secret
 * or Node. Throws 422 (400 for the ref) in upstream's words.
 */
export function admitTokenRequest(body: TokenRequestBody, namespace: string, name: string, serverAudiences: string[]): TokenRequestSpec {
  const causes: StatusCause[] = [];
  const meta = body.metadata ?? {};
  if (meta.name && meta.name !== name) causes.push(invalidField('metadata.name', meta.name, 'must match the service account name if specified'));
  if (meta.namespace && meta.namespace !== namespace) causes.push(invalidField('metadata.namespace', meta.namespace, 'must match the service account namespace if specified'));
  const spec = body.spec ?? {};
  const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  if (expirationSeconds < MIN_EXPIRATION_SECONDS) causes.push(invalidField('spec.expirationSeconds', expirationSeconds, 'may not specify a duration less than 10 minutes'));
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) causes.push(invalidField('spec.expirationSeconds', expirationSeconds, 'may not specify a duration larger than 2^32 seconds'));
  if (causes.length) throw invalid('TokenRequest', 'authentication.k8s.io', name, causes);
  const audiences = spec.audiences?.length ? [...spec.audiences] : [...serverAudiences];
  const boundObjectRef = parseBoundObjectRef(spec.boundObjectRef);
  return { audiences, expirationSeconds, ...(boundObjectRef ? { boundObjectRef } : {}) };
}
