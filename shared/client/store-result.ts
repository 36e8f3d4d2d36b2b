import { ApiError, type Status, type StatusReason } from '../api/errors';
import type { StoreResult } from '../apiserver/store-protocol';

/** A Status (from a store result, an HTTP body or a watch ERROR event) as the ApiError it was. */
export function statusToError(s: Partial<Status>): ApiError {
  return new ApiError(s.code ?? 500, (s.reason ?? '') as StatusReason, s.message ?? '', s.details);
}

/** The value of a store call, or its Status thrown. */
export function unwrap<T>(r: StoreResult<T>): T {
  if (r.ok) return r.value;
  throw statusToError(r.status);
}

/** Runs a store operation, turning a thrown ApiError into a Status result (what crosses RPC). */
export function toResult<T>(fn: () => T): StoreResult<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, status: toStatus(e) };
  }
}

/** Any thrown value as a Status; non-API errors become 500 InternalError as the store reports them. */
export function toStatus(e: unknown): Status {
  if (e instanceof ApiError) return e.toStatus();
  return new ApiError(500, 'InternalError', `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`).toStatus();
}

/**
 * Runs a (possibly async) store operation, turning a thrown error into a Status result;
 * `onInternal` hears about errors that are not ApiErrors (bugs worth a log line).
 */
export async function settle<T>(fn: () => T | Promise<T>, onInternal?: (e: unknown) => void): Promise<StoreResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (!(e instanceof ApiError)) onInternal?.(e);
    return { ok: false, status: toStatus(e) };
  }
}

/** The value of a read, or undefined when the object does not exist (404); other errors propagate. */
export async function getOrUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return undefined;
    throw e;
  }
}

/**
 * The objects a `getMany` found, by name (`results` answer `names` in order); an object that does not
 * exist (404) is absent from the map, any other refusal is thrown.
 * @example const found = foundByName(names, await store.getMany(def, names));
 */
export function foundByName<T>(names: string[], results: StoreResult<unknown>[]): Map<string, T> {
  const found = new Map<string, T>();
  for (const [name, o] of outcomesByName<T>(names, results)) {
    if ('error' in o) throw o.error;
    if ('object' in o) found.set(name, o.object);
  }
  return found;
}

/** What a bulk read found of one name: the object, that it is gone (404), or why its read failed. */
export type ReadOutcome<T> = { object: T } | { gone: true } | { error: unknown };

/**
 * Each name's outcome in a `getMany`'s results (`results` answer `names` in order): a refusal is that
 * name's alone, so a caller can retry only the names that failed.
 * @example outcomesByName(['a', 'b'], await store.getMany(def, ['a', 'b'])).get('b') // { gone: true } when b does not exist
 */
export function outcomesByName<T>(names: readonly string[], results: StoreResult<unknown>[]): Map<string, ReadOutcome<T>> {
  const out = new Map<string, ReadOutcome<T>>();
  for (const [i, name] of names.entries()) {
    const r = results[i];
    if (r?.ok) out.set(name, { object: r.value as T });
    else if (r?.status.code === 404) out.set(name, { gone: true });
    else out.set(name, { error: r ? statusToError(r.status) : new Error(`no result for ${name}`) });
  }
  return out;
}

/**
 * A batch's outcomes (one per item: its value or the error it was refused with) as store results;
 * a batch that failed as a whole answers every item with its Status.
 */
export function batchResults<T>(batch: StoreResult<({ value: T } | { error: unknown })[]>, count: number, statusOf: (e: unknown) => Status = toStatus): StoreResult<T>[] {
  if (!batch.ok) return Array.from({ length: count }, () => batch);
  return batch.value.map((o) => ('value' in o ? { ok: true, value: o.value } : { ok: false, status: statusOf(o.error) }));
}
