import type { KubeObject } from '../api/object';
import type { ResourceDef } from '../api/registry';
import type { StoreApi } from '../apiserver/store-protocol';
import { outcomesByName, type ReadOutcome } from './store-result';

export type { ReadOutcome } from './store-result';

/** Names per getMany at most: one store call answers them in one SELECT, and one RPC carries them all back. */
export const NAMES_PER_READ = 500;

/**
 * `items` in order, cut into groups of at most `size` (none for none).
 * @example groupsOf(['a', 'b', 'c'], 2) → [['a', 'b'], ['c']]
 */
export function groupsOf<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError(`group size ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The objects `names` of one store, each read's outcome on its own: one getMany per group of `perRead`
 * names (all groups at once) instead of one get each. A name the store has no object for is gone; a
 * name refused (403, 429…) carries its error, and a group whose call failed as a whole carries that
 * error on each of its names, so a caller retries only those.
 * @example const found = await readMany(store(CLUSTER_STORE), NODE_DEF, ['n1', 'n2']);
 */
export async function readMany<T = KubeObject>(store: StoreApi, def: ResourceDef, names: readonly string[], perRead = NAMES_PER_READ): Promise<Map<string, ReadOutcome<T>>> {
  const out = new Map<string, ReadOutcome<T>>();
  await Promise.all(
    groupsOf(names, perRead).map(async (group) => {
      try {
        for (const [name, o] of outcomesByName<T>(group, await store.getMany(def, group))) out.set(name, o);
      } catch (error) {
        for (const name of group) out.set(name, { error });
      }
    }),
  );
  return out;
}
