/**
 * The sequential specification of one Kubernetes store as seen by the history checker: objects are
 * independent registers keyed by name, written with create, update (compare-and-set when it carries a
 * resourceVersion precondition) and delete, read with get and list. A list is split into one read per key
 * of the history (absent keys read as not found), so the per-key partitions stay independent.
 *
 * resourceVersions are the store's counter: every successful write of a key must return a larger one than
 * any the key had before. Cross-key order of the counter is checked by `checkResourceVersionOrder`.
 */
import { type Model, type Operation, powerSetModel } from './linearizability';

export type KvFailure = 'NotFound' | 'AlreadyExists' | 'Conflict';

export type KvInput =
  | { op: 'create'; key: string; value: string }
  | { op: 'update'; key: string; value: string; precondition?: number }
  | { op: 'delete'; key: string; precondition?: number }
  | { op: 'get'; key: string }
  /** `keys`: every key of the history, so a list can be split into reads of each. */
  | { op: 'list'; keys: string[] };

export type KvOutput =
  /** create/update: the new rv; get: the value read and its rv; delete: nothing more. */
  | { ok: true; rv?: number; value?: string }
  | { ok: true; items: Record<string, { value: string; rv: number }>; rv: number }
  | { ok: false; reason: KvFailure };

export type KvOperation = Operation<KvInput, KvOutput>;

/**
 * One key's register. `rv` is null after a write whose response was lost took effect (its counter is
 * unknown until a read reveals it); `floor` is the largest rv the key is known to have had, which every
 * later write must exceed (a deleted key keeps its floor: a new create must not reuse the counter).
 */
export interface KvState {
  exists: boolean;
  value: string | null;
  rv: number | null;
  floor: number;
}

const failed = (output: KvOutput | undefined, reason: KvFailure) => output === undefined || (!output.ok && output.reason === reason);

/** The state after a write that took effect, if its output allows it. */
function written(state: KvState, value: string, output: KvOutput | undefined): KvState[] {
  if (output === undefined) return [{ exists: true, value, rv: null, floor: state.floor }];
  if (!output.ok || !('rv' in output) || output.rv === undefined || output.rv <= state.floor) return [];
  return [{ exists: true, value, rv: output.rv, floor: output.rv }];
}

function deleted(state: KvState, output: KvOutput | undefined): KvState[] {
  if (output !== undefined && !output.ok) return [];
  return [{ exists: false, value: null, rv: null, floor: state.floor }];
}

/** A write that needs the object to exist and its precondition (if any) to hold. */
function guarded(state: KvState, precondition: number | undefined, output: KvOutput | undefined, apply: () => KvState[]): KvState[] {
  if (!state.exists) return failed(output, 'NotFound') ? [state] : [];
  if (precondition === undefined || state.rv === precondition) return apply();
  const conflict = failed(output, 'Conflict') ? [state] : [];
  // After a lost write the counter is unknown: the precondition may have matched it.
  return state.rv === null ? [...conflict, ...apply()] : conflict;
}

function read(state: KvState, output: KvOutput | undefined): KvState[] {
  if (output === undefined) return [state];
  if (!output.ok) return output.reason === 'NotFound' && !state.exists ? [state] : [];
  if (!state.exists || !('value' in output) || output.value !== state.value || output.rv === undefined) return [];
  if (state.rv === null) return output.rv > state.floor ? [{ ...state, rv: output.rv, floor: output.rv }] : [];
  return output.rv === state.rv ? [state] : [];
}

/** Every state one key may be in after `input` with `output` (the nondeterministic step of the register). */
export function stepKv(state: KvState, input: KvInput, output: KvOutput | undefined): KvState[] {
  switch (input.op) {
    case 'create':
      if (state.exists) return failed(output, 'AlreadyExists') ? [state] : [];
      return written(state, input.value, output);
    case 'update':
      return guarded(state, input.precondition, output, () => written(state, input.value, output));
    case 'delete':
      return guarded(state, input.precondition, output, () => deleted(state, output));
    case 'get':
      return read(state, output);
    case 'list':
      throw new Error('a list is split into reads by partitionKv before stepping');
  }
}

function keyOf(input: KvInput): string {
  return input.op === 'list' ? '' : input.key;
}

/** Splits a history into one sub-history per key, turning each list into a get of every key. */
export function partitionKv(history: KvOperation[]): KvOperation[][] {
  const byKey = new Map<string, KvOperation[]>();
  const add = (key: string, op: KvOperation) => {
    const list = byKey.get(key) ?? [];
    list.push(op);
    byKey.set(key, list);
  };
  for (const op of history) {
    if (op.input.op !== 'list') {
      add(keyOf(op.input), op);
      continue;
    }
    for (const key of op.input.keys) {
      let output: KvOutput | undefined;
      if (op.output === undefined) output = undefined;
      else if (!op.output.ok || !('items' in op.output)) output = op.output;
      else {
        const item = op.output.items[key];
        output = item ? { ok: true, value: item.value, rv: item.rv } : { ok: false, reason: 'NotFound' };
      }
      add(key, { ...op, input: { op: 'get', key }, output });
    }
  }
  return [...byKey.values()];
}

/** Every key starts absent: histories run on fresh names. */
export const kvModel: Model<KvState[], KvInput, KvOutput> = powerSetModel({
  init: (): KvState => ({ exists: false, value: null, rv: null, floor: 0 }),
  step: stepKv,
  key: (s) => `${s.exists}|${s.value}|${s.rv}|${s.floor}`,
  partition: partitionKv,
});

/** What `checkResourceVersionOrder` found wrong, naming the two operations. */
export interface RvOrderViolation {
  message: string;
  first: KvOperation;
  second: KvOperation;
}

/** The counter an operation's output carries (a write's new rv, a list's rv), if any. */
function counterOf(op: KvOperation): { rv: number; isWrite: boolean } | undefined {
  const out = op.output;
  if (!out || !out.ok || out.rv === undefined) return undefined;
  if (op.input.op === 'create' || op.input.op === 'update') return { rv: out.rv, isWrite: true };
  if (op.input.op === 'list') return { rv: out.rv, isWrite: false };
  return undefined;
}

/**
 * The store's counter follows real time across keys: a write acknowledged before another operation was
 * invoked has a smaller rv than that operation's write (strictly) or list (or equal), and a list returned
 * before a write was invoked has a smaller rv than the write. One sweep in time order, so whole runs (across
 * server restarts) can be checked at once.
 */
export function checkResourceVersionOrder(history: KvOperation[]): RvOrderViolation | undefined {
  const withRv = history.flatMap((op) => {
    const c = counterOf(op);
    return c ? [{ op, ...c }] : [];
  });
  const byRet = [...withRv].sort((a, b) => a.op.ret - b.op.ret);
  const byCall = [...withRv].sort((a, b) => a.op.call - b.op.call);
  let i = 0;
  let max: (typeof withRv)[number] | undefined;
  for (const b of byCall) {
    // everything that finished before b started
    for (; i < byRet.length && byRet[i]!.op.ret < b.op.call; i++) if (!max || byRet[i]!.rv > max.rv) max = byRet[i];
    if (!max) continue;
    if (b.isWrite ? b.rv <= max.rv : b.rv < max.rv) {
      return {
        message: `${max.op.input.op} returned rv ${max.rv} before ${b.op.input.op} was invoked, which returned rv ${b.rv}`,
        first: max.op,
        second: b.op,
      };
    }
  }
  return undefined;
}
