import type { StatusCause } from '../api/errors';
import { child, forbidden, invalid, nonNegative, notSupported, required, type FieldPath } from './field-error';
import { isValidPortName, isValidPortNum } from './name-validators';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const SCHEMES = ['HTTP', 'HTTPS'];

/** validatePortNumOrName: a port number in range, or an IANA_SVC_NAME. */
function portNumOrName(port: unknown, path: FieldPath): StatusCause[] {
  if (typeof port === 'number') return isValidPortNum(port).map((msg) => invalid(path, port, msg));
  if (typeof port === 'string' && port !== '') return isValidPortName(port).map((msg) => invalid(path, port, msg));
  return [required(path)];
}

/** validateHandler: exactly one handler type, each valid. */
function validateHandler(probe: Obj, path: FieldPath): StatusCause[] {
  const set = HANDLERS.filter((h) => probe[h] !== undefined);
  if (set.length === 0) return [required(path, 'must specify a handler type')];
  const errs = set.slice(1).map((h) => forbidden(child(path, h), 'may not specify more than 1 handler type'));
  const h = set[0]!;
  const v = obj(probe[h]);
  const p = child(path, h);
  if (h === 'exec' && !Array.isArray(v['command'])) errs.push(required(child(p, 'command')));
  if (h === 'httpGet') {
    if (!v['path']) errs.push(required(child(p, 'path')));
    errs.push(...portNumOrName(v['port'], child(p, 'port')));
    const scheme = v['scheme'];
    if (scheme !== undefined && !SCHEMES.includes(scheme as string)) errs.push(notSupported(child(p, 'scheme'), scheme, SCHEMES));
  }
  if (h === 'tcpSocket') errs.push(...portNumOrName(v['port'], child(p, 'port')));
  if (h === 'grpc' && typeof v['port'] === 'number') errs.push(...isValidPortNum(v['port']).map((msg) => invalid(child(p, 'port'), v['port'], msg)));
  return errs;
}

/**
 * validateProbe for a container's liveness, readiness or startup probe; liveness and startup
 * probes need a successThreshold of 1 (validateContainerCommon).
 */
export function validateProbe(raw: unknown, path: FieldPath, kind: 'liveness' | 'readiness' | 'startup'): StatusCause[] {
  if (raw === undefined) return [];
  const probe = obj(raw);
  const errs = validateHandler(probe, path);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    errs.push(...nonNegative(num(probe[f]), child(path, f)));
  }
  const grace = num(probe['terminationGracePeriodSeconds']);
  if (grace !== undefined && grace <= 0) errs.push(invalid(child(path, 'terminationGracePeriodSeconds'), grace, 'must be greater than 0'));
  const success = num(probe['successThreshold']);
  if (kind !== 'readiness' && success !== undefined && success !== 1) errs.push(invalid(child(path, 'successThreshold'), success, 'must be 1'));
  return errs;
}
