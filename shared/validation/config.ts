import type { StatusCause } from '../api/errors';
import { hasOwn } from '../api/object';
import { deepEqual, forbidden, immutable, invalid, key, required, tooLong } from './field-error';
import { isConfigMapKey } from './name-validators';
import { nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './object-meta';
import { utf8Length } from '../apiserver/size-limits';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});

/** MaxSecretSize: 1 MiB, the limit for both Secret and ConfigMap payloads. */
export const MAX_SECRET_SIZE = 1024 * 1024;

// binaryData and Secret data are base64 in JSON; their size is the decoded length.
const b64len = (s: string): number => {
  const clean = s.replace(/\s/g, '');
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - pad;
};

function checkKeys(data: Obj, path: string, other: Obj, otherName: string): StatusCause[] {
  const errs: StatusCause[] = [];
  for (const k of Object.keys(data)) {
    for (const msg of isConfigMapKey(k)) errs.push(invalid(key(path, k), k, msg));
    if (hasOwn(other, k)) errs.push(invalid(key(path, k), k, `duplicate of key present in ${otherName}`));
  }
  return errs;
}

/** ValidateConfigMap: key syntax, no key in both data and binaryData, total ≤ 1 MiB. */
export function validateConfigMap(cm: Obj): StatusCause[] {
  const data = obj(cm['data']);
  const binary = obj(cm['binaryData']);
  const errs = [
    ...validateObjectMeta(obj(cm['metadata']), true, nameIsDNSSubdomain),
    ...checkKeys(data, 'data', binary, 'binaryData'),
    ...checkKeys(binary, 'binaryData', data, 'data'),
  ];
  let size = 0;
  for (const v of Object.values(data)) size += utf8Length(String(v));
  for (const v of Object.values(binary)) size += b64len(String(v));
  if (size > MAX_SECRET_SIZE) errs.push(tooLong('', MAX_SECRET_SIZE));
  return errs;
}

/** Keys each well-known Secret type must carry (ValidateSecret). */
const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

/** ValidateSecret: key syntax, total ≤ 1 MiB, type-specific required keys. */
export function validateSecret(secret: Obj): StatusCause[] {
  const data = { ...obj(secret['data']) };
  const meta = obj(secret['metadata']);
  const errs = validateObjectMeta(meta, true, nameIsDNSSubdomain);
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const msg of isConfigMapKey(k)) errs.push(invalid(key('data', k), k, msg));
    size += b64len(String(v));
  }
  // stringData was merged into data by defaulting (upstream's v1→internal conversion)
  if (size > MAX_SECRET_SIZE) errs.push(tooLong('data', MAX_SECRET_SIZE));
  const type = typeof secret['type'] === 'string' ? (secret['type'] as string) : 'Opaque';
  if (type === 'kubernetes.io/service-account-token') {
    if (!obj(meta['annotations'])['kubernetes.io/service-account.name'])
      errs.push(required(key('metadata.annotations', 'kubernetes.io/service-account.name')));
  } else if (type === 'kubernetes.io/basic-auth') {
    if (!hasOwn(data, 'username') && !hasOwn(data, 'password')) errs.push(required(key('data', 'username')));
  }
  for (const k of REQUIRED_KEYS[type] ?? []) if (!hasOwn(data, k)) errs.push(required(key('data', k)));
  return errs;
}

function validateImmutableData(next: Obj, prev: Obj, dataFields: string[]): StatusCause[] {
  if (prev['immutable'] !== true) return [];
  const errs: StatusCause[] = [];
  if (next['immutable'] !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const f of dataFields) if (!deepEqual(next[f], prev[f])) errs.push(forbidden(f, 'field is immutable when `immutable` is set'));
  return errs;
}

/** ValidateConfigMapUpdate: an immutable ConfigMap keeps its data. */
export function validateConfigMapUpdate(cm: Obj, old: Obj): StatusCause[] {
  return [
    ...validateObjectMetaUpdate(obj(cm['metadata']), obj(old['metadata'])),
    ...validateImmutableData(cm, old, ['data', 'binaryData']),
    ...validateConfigMap(cm).filter((c) => !c.field?.startsWith('metadata.')),
  ];
}

/** ValidateSecretUpdate: type is immutable, and so is the data of an immutable Secret. */
export function validateSecretUpdate(secret: Obj, old: Obj): StatusCause[] {
  return [
    ...validateObjectMetaUpdate(obj(secret['metadata']), obj(old['metadata'])),
    ...immutable(secret['type'] ?? 'Opaque', old['type'] ?? 'Opaque', 'type'),
    ...validateImmutableData(secret, old, ['data']),
    ...validateSecret(secret).filter((c) => !c.field?.startsWith('metadata.') || c.field.includes('[')),
  ];
}
