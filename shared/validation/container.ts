import type { StatusCause } from '../api/errors';
import { hasOwn } from '../api/object';
import { child, duplicate, index, invalid, key, notFound, notSupported, required, type FieldPath } from './field-error';
import { isDNS1123Label, isValidPortName, isValidPortNum } from './name-validators';
import { validateProbe } from './probe';
import { parseQuantity, QUANTITY_REGEX_MESSAGE } from './quantity';

/* A loose view of core/v1 Container: validation runs on whatever JSON the client sent. */
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
export const TERMINATION_MESSAGE_POLICIES = ['FallbackToLogsOnError', 'File'];
export const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** Validates one list of containers (containers or initContainers); `names` collects names across lists. */
export function validateContainers(
  containers: unknown,
  path: FieldPath,
  volumeNames: Set<string>,
  names: Set<string>,
): StatusCause[] {
  const errs: StatusCause[] = [];
  list(containers).forEach((raw, i) => {
    const c = obj(raw);
    const p = index(path, i);
    errs.push(...validateContainerCommon(c, p, volumeNames));
    const name = str(c['name']);
    if (name) {
      if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
      names.add(name);
    }
    errs.push(...validateProbe(c['livenessProbe'], child(p, 'livenessProbe'), 'liveness'));
    errs.push(...validateProbe(c['readinessProbe'], child(p, 'readinessProbe'), 'readiness'));
    errs.push(...validateProbe(c['startupProbe'], child(p, 'startupProbe'), 'startup'));
  });
  return errs;
}

/**
 * validateContainerCommon (with validateContainerOnlyForPod's image whitespace check): what every kind
 * of container is held to — name, image, policies, ports, env, volume mounts, resources.
 */
export function validateContainerCommon(c: Obj, p: FieldPath, volumeNames: Set<string>): StatusCause[] {
  const errs: StatusCause[] = [];
  const name = str(c['name']);
  if (!name) errs.push(required(child(p, 'name')));
  else for (const msg of isDNS1123Label(name)) errs.push(invalid(child(p, 'name'), name, msg));
  const image = str(c['image']);
  if (!image) errs.push(required(child(p, 'image')));
  else if (image.trim() !== image) errs.push(invalid(child(p, 'image'), image, 'must not have leading or trailing whitespace'));
  errs.push(...enumField(c['imagePullPolicy'], child(p, 'imagePullPolicy'), PULL_POLICIES));
  errs.push(...enumField(c['terminationMessagePolicy'], child(p, 'terminationMessagePolicy'), TERMINATION_MESSAGE_POLICIES));
  errs.push(...validatePorts(c['ports'], child(p, 'ports')));
  errs.push(...validateEnv(c['env'], child(p, 'env')));
  errs.push(...validateVolumeMounts(c['volumeMounts'], child(p, 'volumeMounts'), volumeNames));
  errs.push(...validateResources(c['resources'], child(p, 'resources')));
  return errs;
}

/** A required enum: `Required value` when empty, `Unsupported value` when unknown. */
export function enumField(value: unknown, path: FieldPath, valid: readonly string[]): StatusCause[] {
  if (value === undefined || value === '') return [required(path)];
  return valid.includes(value as string) ? [] : [notSupported(path, value, valid)];
}

function validatePorts(ports: unknown, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  const seen = new Set<string>();
  list(ports).forEach((raw, i) => {
    const port = obj(raw);
    const p = index(path, i);
    const name = str(port['name']);
    if (name) {
      for (const msg of isValidPortName(name)) errs.push(invalid(child(p, 'name'), name, msg));
      if (seen.has(name)) errs.push(duplicate(child(p, 'name'), name));
      seen.add(name);
    }
    const containerPort = port['containerPort'];
    if (containerPort === undefined || containerPort === 0) errs.push(required(child(p, 'containerPort')));
    else for (const msg of isValidPortNum(Number(containerPort))) errs.push(invalid(child(p, 'containerPort'), containerPort, msg));
    const hostPort = port['hostPort'];
    if (hostPort !== undefined && hostPort !== 0)
      for (const msg of isValidPortNum(Number(hostPort))) errs.push(invalid(child(p, 'hostPort'), hostPort, msg));
    errs.push(...enumField(port['protocol'], child(p, 'protocol'), PORT_PROTOCOLS));
  });
  return errs;
}

function validateEnv(env: unknown, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  list(env).forEach((raw, i) => {
    const e = obj(raw);
    const name = str(e['name']);
    if (!name) errs.push(required(child(index(path, i), 'name')));
    // RelaxedEnvironmentVariableValidation: any printable ASCII except '='.
    else if (!/^[\x20-\x3c\x3e-\x7e]+$/.test(name))
      errs.push(invalid(child(index(path, i), 'name'), name, "a valid environment variable name must consist only of printable ASCII characters other than '='"));
  });
  return errs;
}

function validateVolumeMounts(mounts: unknown, path: FieldPath, volumeNames: Set<string>): StatusCause[] {
  const errs: StatusCause[] = [];
  list(mounts).forEach((raw, i) => {
    const m = obj(raw);
    const p = index(path, i);
    const name = str(m['name']);
    if (!name) errs.push(required(child(p, 'name')));
    else if (!volumeNames.has(name)) errs.push(notFound(child(p, 'name'), name));
    if (!str(m['mountPath'])) errs.push(required(child(p, 'mountPath')));
  });
  return errs;
}

/** ValidateResourceRequirements: quantities parse and are ≥ 0, requests ≤ limits. */
export function validateResources(resources: unknown, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  const r = obj(resources);
  const limits = obj(r['limits']);
  const requests = obj(r['requests']);
  const checkList = (l: Obj, p: FieldPath): void => {
    for (const [name, q] of Object.entries(l)) {
      const v = parseQuantity(q);
      if (v === null) errs.push(invalid(key(p, name), q, QUANTITY_REGEX_MESSAGE));
      else if (v < 0) errs.push(invalid(key(p, name), String(q), 'must be greater than or equal to 0'));
    }
  };
  checkList(limits, child(path, 'limits'));
  checkList(requests, child(path, 'requests'));
  for (const [name, q] of Object.entries(requests)) {
    if (!hasOwn(limits, name)) continue;
    const req = parseQuantity(q);
    const lim = parseQuantity(limits[name]);
    if (req === null || lim === null) continue;
    // IsOvercommitAllowed: native resources may, hugepages and extended resources may not.
    const native = !name.includes('/') || name.includes('kubernetes.io/');
    const overcommit = native && !name.startsWith('hugepages-');
    if (!overcommit && req !== lim) {
      errs.push(invalid(child(path, 'requests'), String(q), `must be equal to ${name} limit of ${String(limits[name])}`));
    } else if (req > lim) {
      errs.push(invalid(child(path, 'requests'), String(q), `must be less than or equal to ${name} limit of ${String(limits[name])}`));
    }
  }
  return errs;
}
