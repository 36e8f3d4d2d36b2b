import { badRequest, invalid, type StatusCause } from '../../shared/api/errors';
import type { PropagationPolicy } from '../../shared/apiserver/object-meta';
import { invalid as invalidValue, notSupported } from '../../shared/validation/field-error';
import { parseInt64, queryBool } from './query';

/** DeleteOptions as a store call takes them, decoded and validated. */
export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun: boolean;
}

/** The fields of meta/v1 DeleteOptions as they arrive, before validation. */
interface RawDeleteOptions {
  propagationPolicy?: string;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  orphanDependents?: boolean;
  dryRun?: string[];
}

const POLICIES = ['Foreground', 'Background', 'Orphan'] as const;
const KIND_STRUCT = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/**
 * DeleteOptions as upstream's delete handler reads them: from the body when there is one (the query
 * is then ignored, as upstream), else from the query; then ValidateDeleteOptions (422) and
 * BeforeDelete's rule that a negative grace period means 1 second. A body that is not a
 * DeleteOptions object is 400 (upstream answers some of these with 500; nothing is deleted either way).
 * `?dryRun=All` always counts, so a dry run never turns into a real delete.
 */
export function parseDeleteOptions(body: string, query: URLSearchParams): DeleteOptions {
  const raw = body.trim() ? decodeBody(body) : fromQuery(query);
  const errs = validate(raw);
  if (errs.length) throw invalid('DeleteOptions', 'meta.k8s.io', '', errs);
  const grace = raw.gracePeriodSeconds;
  return {
    propagationPolicy: (raw.propagationPolicy as PropagationPolicy | undefined) ?? orphanPolicy(raw.orphanDependents),
    gracePeriodSeconds: grace !== undefined && grace < 0 ? 1 : grace,
    preconditions: raw.preconditions,
    dryRun: (raw.dryRun ?? []).includes('All') || query.getAll('dryRun').includes('All'),
  };
}

function orphanPolicy(orphanDependents: boolean | undefined): PropagationPolicy | undefined {
  if (orphanDependents === undefined) return undefined;
  return orphanDependents ? 'Orphan' : 'Background';
}

/** upstream's ValidateDeleteOptions (k8s.io/apimachinery/pkg/apis/meta/v1/validation). */
function validate(o: RawDeleteOptions): StatusCause[] {
  const errs: StatusCause[] = [];
  if (o.orphanDependents !== undefined && o.propagationPolicy !== undefined) {
    errs.push(invalidValue('propagationPolicy', o.propagationPolicy, 'orphanDependents and deletionPropagation cannot be both set'));
  }
  if (o.propagationPolicy !== undefined && !(POLICIES as readonly string[]).includes(o.propagationPolicy)) {
    errs.push(notSupported('propagationPolicy', o.propagationPolicy, [...POLICIES, 'nil']));
  }
  if (o.dryRun && !o.dryRun.every((d) => d === 'All')) errs.push(notSupported('dryRun', o.dryRun, ['All']));
  return errs;
}

function fromQuery(q: URLSearchParams): RawDeleteOptions {
  const grace = q.get('gracePeriodSeconds');
  const orphan = q.getAll('orphanDependents');
  const dryRun = q.getAll('dryRun');
  return {
    propagationPolicy: q.get('propagationPolicy') ?? undefined,
    gracePeriodSeconds: grace === null ? undefined : parseInt64(grace),
    orphanDependents: orphan.length ? queryBool(orphan) : undefined,
    dryRun: dryRun.length ? dryRun : undefined,
  };
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return `number ${v}`;
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

/** What Go's encoding/json says when a value does not fit a field. */
function typeError(v: unknown, field: string, goType: string): never {
  const what = typeof v === 'number' ? `number ${v}` : jsonType(v).split(' ')[0];
  throw badRequest(`json: cannot unmarshal ${what} into Go struct field DeleteOptions.${field} of type ${goType}`);
}

function optString(o: Record<string, unknown>, key: string, field = key): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') typeError(v, field, 'string');
  return v;
}

function decodeBody(text: string): RawDeleteOptions {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw badRequest(`error decoding DeleteOptions: ${(e as Error).message}`);
  }
  if (v === null) throw badRequest('DeleteOptions: the request body must be a JSON object, not null');
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonType(v).split(' ')[0]} into Go value of type ${KIND_STRUCT}`);
  }
  const o = v as Record<string, unknown>;
  const kind = optString(o, 'kind');
  if (kind !== undefined && kind !== '' && kind !== 'DeleteOptions') throw badRequest('decoded object cannot be converted to DeleteOptions');
  const out: RawDeleteOptions = { propagationPolicy: optString(o, 'propagationPolicy') };
  const grace = o.gracePeriodSeconds;
  if (grace !== undefined && grace !== null) {
    // a JSON number with a fraction or exponent, or beyond int64, does not fit an int64
    if (typeof grace !== 'number' || !Number.isInteger(grace) || Math.abs(grace) >= 2 ** 63) typeError(grace, 'gracePeriodSeconds', 'int64');
    out.gracePeriodSeconds = grace;
  }
  const orphan = o.orphanDependents;
  if (orphan !== undefined && orphan !== null) {
    if (typeof orphan !== 'boolean') typeError(orphan, 'orphanDependents', 'bool');
    out.orphanDependents = orphan;
  }
  const pre = o.preconditions;
  if (pre !== undefined && pre !== null) {
    if (typeof pre !== 'object' || Array.isArray(pre)) typeError(pre, 'preconditions', 'v1.Preconditions');
    const p = pre as Record<string, unknown>;
    out.preconditions = { uid: optString(p, 'uid', 'preconditions.uid'), resourceVersion: optString(p, 'resourceVersion', 'preconditions.resourceVersion') };
  }
  const dryRun = o.dryRun;
  if (dryRun !== undefined && dryRun !== null) {
    if (!Array.isArray(dryRun)) typeError(dryRun, 'dryRun', '[]string');
    dryRun.forEach((d) => typeof d !== 'string' && typeError(d, 'dryRun', 'string'));
    out.dryRun = dryRun as string[];
  }
  return out;
}
