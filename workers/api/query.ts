import { badRequest, invalid } from '../../shared/api/errors';
import type { StatusCause } from '../../shared/api/errors';
import type { FieldValidation } from '../../shared/apiserver/store-protocol';
import { forbidden, notSupported } from '../../shared/validation/field-error';

/** The query parameters of a resource request, converted as kube-apiserver converts them, once. */
export interface RequestOptions {
  dryRun: boolean;
  fieldManager?: string;
  fieldValidation?: FieldValidation;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  /** Checked by validateListOptions (on lists and watches only, as upstream). */
  resourceVersionMatch?: string;
  watch: boolean;
  timeoutSeconds?: number;
  allowWatchBookmarks: boolean;
  /** A pointer upstream: absent and false differ. */
  sendInitialEvents?: boolean;
  force: boolean;
  includeObject?: 'None' | 'Metadata' | 'Object';
}

/**
 * A query boolean as apimachinery's Convert_Slice_string_To_bool reads it: absent is false;
 * present, only `0` and `false` (any case) are false — an empty value, `True`, `yes`, `f` are true.
 * @example queryBool(['True']) // true (the Python client's watch=True)
 */
export function queryBool(values: string[]): boolean {
  if (values.length === 0) return false;
  const v = values[0]!;
  return !(v === '0' || v.toLowerCase() === 'false');
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A query integer as strconv.ParseInt(s, 10, 64) reads it (an optional sign, decimal digits, int64
 * range), failing with its message, which upstream returns as the 400's message. Values beyond
 * 2^53 keep their magnitude but not every digit.
 * @example parseInt64('1e3') // throws 400 `strconv.ParseInt: parsing "1e3": invalid syntax`
 */
export function parseInt64(value: string): number {
  if (!/^[+-]?\d+$/.test(value)) throw badRequest(`strconv.ParseInt: parsing ${goQuote(value)}: invalid syntax`);
  const n = BigInt(value);
  if (n < INT64_MIN || n > INT64_MAX) throw badRequest(`strconv.ParseInt: parsing ${goQuote(value)}: value out of range`);
  return Number(n);
}

// strconv.Quote; JSON's escaping matches it for everything printable
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** The first value of a parameter; upstream reads only the first of repeated ones. */
function first(q: URLSearchParams, name: string): string | undefined {
  return q.get(name) ?? undefined;
}

function int64Param(q: URLSearchParams, name: string): number | undefined {
  const v = first(q, name);
  return v === undefined ? undefined : parseInt64(v);
}

function oneOf<T extends string>(q: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!allowed.includes(v as T)) {
    throw badRequest(`invalid ${name} parameter: ${JSON.stringify(v)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
  return v as T;
}

/** Parses the query of a resource request; bad numbers are upstream's 400. */
export function parseRequestOptions(q: URLSearchParams): RequestOptions {
  const dryRun = q.getAll('dryRun');
  for (const d of dryRun) if (d !== 'All') throw badRequest(`invalid dryRun parameter: ${JSON.stringify(d)}: supported values: "All"`);
  const fieldManager = q.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128) throw badRequest('fieldManager: Too long: may not be longer than 128');
  const sendInitialEvents = q.getAll('sendInitialEvents');
  return {
    dryRun: dryRun.length > 0,
    fieldManager,
    fieldValidation: oneOf(q, 'fieldValidation', ['Strict', 'Warn', 'Ignore'] as const),
    labelSelector: q.get('labelSelector') || undefined,
    fieldSelector: q.get('fieldSelector') || undefined,
    limit: int64Param(q, 'limit'),
    continue: q.get('continue') || undefined,
    resourceVersion: q.get('resourceVersion') || undefined,
    resourceVersionMatch: q.get('resourceVersionMatch') || undefined,
    watch: queryBool(q.getAll('watch')),
    timeoutSeconds: int64Param(q, 'timeoutSeconds'),
    allowWatchBookmarks: queryBool(q.getAll('allowWatchBookmarks')),
    sendInitialEvents: sendInitialEvents.length ? queryBool(sendInitialEvents) : undefined,
    force: queryBool(q.getAll('force')),
    includeObject: oneOf(q, 'includeObject', ['None', 'Metadata', 'Object'] as const),
  };
}

/**
 * The options of a request's URL. A URL without a query (most creates and gets) takes every
 * default without asking the parameters one by one: the same object parseRequestOptions builds
 * from an empty query (test/unit/http/query.test.ts compares them).
 */
export function requestOptionsOf(url: URL): RequestOptions {
  if (url.search !== '') return parseRequestOptions(url.searchParams);
  return {
    dryRun: false,
    fieldManager: undefined,
    fieldValidation: undefined,
    labelSelector: undefined,
    fieldSelector: undefined,
    limit: undefined,
    continue: undefined,
    resourceVersion: undefined,
    resourceVersionMatch: undefined,
    watch: false,
    timeoutSeconds: undefined,
    allowWatchBookmarks: false,
    sendInitialEvents: undefined,
    force: false,
    includeObject: undefined,
  };
}

/**
 * Upstream's ValidateListOptions for a list or watch (with the WatchList feature off: Kubeflare
 * does not stream initial events), as the 422 `ListOptions.meta.k8s.io "" is invalid` it answers.
 */
export function validateListOptions(o: Pick<RequestOptions, 'watch' | 'resourceVersion' | 'resourceVersionMatch' | 'continue' | 'sendInitialEvents'>): void {
  const errs = o.watch ? watchOptionErrors(o) : listOptionErrors(o);
  if (errs.length) throw invalid('ListOptions', 'meta.k8s.io', '', errs);
}

function listOptionErrors(o: Parameters<typeof validateListOptions>[0]): StatusCause[] {
  const errs: StatusCause[] = [];
  const match = o.resourceVersionMatch;
  if (match) {
    if (!o.resourceVersion) errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if (o.continue) errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    if (match !== 'Exact' && match !== 'NotOlderThan') errs.push(notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
    if (match === 'Exact' && o.resourceVersion === '0') {
      errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
    }
  }
  if (o.sendInitialEvents !== undefined) errs.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  return errs;
}

function watchOptionErrors(o: Parameters<typeof validateListOptions>[0]): StatusCause[] {
  const errs: StatusCause[] = [];
  const match = o.resourceVersionMatch;
  if (o.sendInitialEvents !== undefined) {
    if (match !== 'NotOlderThan') errs.push(forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
    errs.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled'));
  }
  if (match) {
    if (o.sendInitialEvents === undefined) {
      errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
    }
    if (match !== 'NotOlderThan') errs.push(notSupported('resourceVersionMatch', match, ['NotOlderThan']));
    if (o.continue) errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  }
  return errs;
}

/** A default field manager from the User-Agent, as upstream derives it (`kubectl-client-side-apply/v1.32…` → its first token). */
export function defaultFieldManager(userAgent: string | null): string {
  if (!userAgent) return 'unknown';
  const first = userAgent.split('/')[0]!.trim();
  return first.slice(0, 128) || 'unknown';
}
