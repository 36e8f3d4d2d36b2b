import { badRequest } from '../../shared/api/errors';
import type { PropagationPolicy } from '../../shared/apiserver/object-meta';
import type { FieldValidation } from '../../shared/apiserver/store-protocol';

/** The query parameters of a resource request, parsed and checked once. */
export interface RequestOptions {
  dryRun: boolean;
  fieldManager?: string;
  fieldValidation?: FieldValidation;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  watch: boolean;
  timeoutSeconds?: number;
  allowWatchBookmarks: boolean;
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  force: boolean;
  includeObject?: 'None' | 'Metadata' | 'Object';
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`invalid ${name} parameter: ${JSON.stringify(v)}: must be an integer`);
  return Number(v);
}

function boolParam(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v === 'true' || v === '1';
}

function oneOf<T extends string>(q: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!allowed.includes(v as T)) {
    throw badRequest(`invalid ${name} parameter: ${JSON.stringify(v)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
  return v as T;
}

export function parseRequestOptions(q: URLSearchParams): RequestOptions {
  const dryRun = q.getAll('dryRun');
  for (const d of dryRun) if (d !== 'All') throw badRequest(`invalid dryRun parameter: ${JSON.stringify(d)}: supported values: "All"`);
  const fieldManager = q.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128) throw badRequest('fieldManager: Too long: may not be longer than 128');
  return {
    dryRun: dryRun.length > 0,
    fieldManager,
    fieldValidation: oneOf(q, 'fieldValidation', ['Strict', 'Warn', 'Ignore'] as const),
    labelSelector: q.get('labelSelector') || undefined,
    fieldSelector: q.get('fieldSelector') || undefined,
    limit: intParam(q, 'limit'),
    continue: q.get('continue') || undefined,
    resourceVersion: q.get('resourceVersion') ?? undefined,
    resourceVersionMatch: oneOf(q, 'resourceVersionMatch', ['Exact', 'NotOlderThan'] as const),
    watch: boolParam(q, 'watch'),
    timeoutSeconds: intParam(q, 'timeoutSeconds'),
    allowWatchBookmarks: boolParam(q, 'allowWatchBookmarks'),
    propagationPolicy: oneOf(q, 'propagationPolicy', ['Orphan', 'Background', 'Foreground'] as const),
    gracePeriodSeconds: intParam(q, 'gracePeriodSeconds'),
    force: boolParam(q, 'force'),
    includeObject: oneOf(q, 'includeObject', ['None', 'Metadata', 'Object'] as const),
  };
}

/** A default field manager from the User-Agent, as upstream derives it (`kubectl-client-side-apply/v1.32…` → its first token). */
export function defaultFieldManager(userAgent: string | null): string {
  if (!userAgent) return 'unknown';
  const first = userAgent.split('/')[0]!.trim();
  return first.slice(0, 128) || 'unknown';
}
