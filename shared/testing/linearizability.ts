/**
 * A linearizability checker in the manner of Porcupine (Wing & Gong's search with Lowe's memoization):
 * given a model of a sequential object and a history of concurrent operations with their invocation and
 * response times, it searches for an order of the operations that respects real time (an operation that
 * returned before another was invoked comes first) and that the model accepts.
 *
 * Operations whose outcome is unknown (a timeout, a connection lost when the server was killed) carry
 * `ret: Infinity`: they may take effect at any point after their call, or never (placed last, nothing
 * observes them), and the model must accept any output for them.
 */

/** One completed (or abandoned) operation of a history. */
export interface Operation<I, O> {
  /** Which client issued it (for reports only: the search needs only times). */
  client: number;
  input: I;
  /** `undefined` when the outcome is unknown (then `ret` is Infinity). */
  output: O | undefined;
  /** Invocation time. */
  call: number;
  /** Response time; Infinity when the client never learnt the outcome. */
  ret: number;
}

/** A sequential specification. States must be plain values; `key` identifies equal states for memoization. */
export interface Model<S, I, O> {
  init(): S;
  /** The state after applying `input` with the observed `output`, or undefined when the model forbids it. */
  step(state: S, input: I, output: O | undefined): S | undefined;
  key(state: S): string;
  /** Splits a history into independent sub-histories checked separately (e.g. one per key). */
  partition?(history: Operation<I, O>[]): Operation<I, O>[][];
}

export type CheckResult<I, O> =
  | { ok: true; partitions: number; states: number }
  | {
      ok: false;
      /** The partition that has no linearization, ordered by call time. */
      partition: Operation<I, O>[];
      /** The longest prefix of operations the search could linearize, in linearization order. */
      longest: Operation<I, O>[];
      states: number;
    }
  | { ok: 'unknown'; partition: Operation<I, O>[]; states: number };

interface Entry {
  id: number;
  isCall: boolean;
  time: number;
  /** The matching return entry of a call. */
  match?: Entry;
  prev?: Entry;
  next?: Entry;
}

/** The call/return entries of a history as a doubly linked list headed by a sentinel, in time order. */
function entries<I, O>(ops: Operation<I, O>[]): Entry {
  const list: Entry[] = [];
  ops.forEach((op, id) => {
    const ret: Entry = { id, isCall: false, time: op.ret };
    list.push({ id, isCall: true, time: op.call, match: ret }, ret);
  });
  // At equal times calls come first: operations that touch at one instant are treated as concurrent,
  // which only ever allows more orders (never a false violation from clock granularity).
  list.sort((a, b) => a.time - b.time || Number(b.isCall) - Number(a.isCall) || a.id - b.id);
  const head: Entry = { id: -1, isCall: false, time: -Infinity };
  let prev = head;
  for (const e of list) {
    prev.next = e;
    e.prev = prev;
    prev = e;
  }
  return head;
}

function lift(call: Entry): void {
  call.prev!.next = call.next;
  if (call.next) call.next.prev = call.prev;
  const ret = call.match!;
  ret.prev!.next = ret.next;
  if (ret.next) ret.next.prev = ret.prev;
}

function unlift(call: Entry): void {
  const ret = call.match!;
  ret.prev!.next = ret;
  if (ret.next) ret.next.prev = ret;
  call.prev!.next = call;
  if (call.next) call.next.prev = call;
}

type PartitionResult = { ok: true; states: number } | { ok: false; longest: number[]; states: number } | { ok: 'unknown'; states: number };

function checkPartition<S, I, O>(model: Model<S, I, O>, ops: Operation<I, O>[], maxStates: number): PartitionResult {
  const head = entries(ops);
  const linearized = new Uint8Array(ops.length);
  const seen = new Set<string>();
  const stack: { call: Entry; state: S }[] = [];
  let state = model.init();
  let entry = head.next;
  let longest: number[] = [];
  while (head.next) {
    if (seen.size > maxStates) return { ok: 'unknown', states: seen.size };
    if (entry!.isCall) {
      const op = ops[entry!.id]!;
      const next = model.step(state, op.input, op.output);
      let advanced = false;
      if (next !== undefined) {
        linearized[entry!.id] = 1;
        const memo = `${linearized.join('')}|${model.key(next)}`;
        if (!seen.has(memo)) {
          seen.add(memo);
          stack.push({ call: entry!, state });
          state = next;
          lift(entry!);
          entry = head.next;
          advanced = true;
          if (stack.length > longest.length) longest = stack.map((s) => s.call.id);
        } else {
          linearized[entry!.id] = 0;
        }
      }
      if (!advanced) entry = entry!.next;
    } else {
      // A return whose call is not yet linearized: something before it must be undone.
      const top = stack.pop();
      if (!top) return { ok: false, longest, states: seen.size };
      state = top.state;
      linearized[top.call.id] = 0;
      unlift(top.call);
      entry = top.call.next;
    }
  }
  return { ok: true, states: seen.size };
}

/**
 * Checks `history` against `model`, each partition on its own. `maxStates` bounds the search per partition
 * (memoized states); a partition that exceeds it is reported as `unknown`, never as a pass.
 * @example checkLinearizable(kvModel, ops).ok === true
 */
export function checkLinearizable<S, I, O>(model: Model<S, I, O>, history: Operation<I, O>[], maxStates = 1_000_000): CheckResult<I, O> {
  const partitions = model.partition ? model.partition(history) : [history];
  let states = 0;
  for (const part of partitions) {
    const ops = [...part].sort((a, b) => a.call - b.call);
    const r = checkPartition(model, ops, maxStates);
    states += r.states;
    if (r.ok === 'unknown') return { ok: 'unknown', partition: ops, states };
    if (r.ok === false) return { ok: false, partition: ops, longest: r.longest.map((i) => ops[i]!), states };
  }
  return { ok: true, partitions: partitions.length, states };
}

/** A sequential specification whose step may allow several next states (e.g. after an outcome was lost). */
export interface NondeterministicModel<S, I, O> {
  init(): S;
  /** Every state `input` may lead to with the observed `output`; empty when the model forbids it. */
  step(state: S, input: I, output: O | undefined): S[];
  key(state: S): string;
  partition?(history: Operation<I, O>[]): Operation<I, O>[][];
}

/**
 * Lifts a nondeterministic model to a deterministic one over sets of states (as Porcupine does): an
 * operation is allowed when at least one of the possible states allows it.
 */
export function powerSetModel<S, I, O>(m: NondeterministicModel<S, I, O>): Model<S[], I, O> {
  return {
    init: () => [m.init()],
    step(states, input, output) {
      const next = new Map<string, S>();
      for (const s of states) for (const n of m.step(s, input, output)) next.set(m.key(n), n);
      return next.size ? [...next.values()] : undefined;
    },
    key: (states) => states.map(m.key).sort().join('\n'),
    partition: m.partition,
  };
}
