import { setOwn, type Json, type JsonObject } from '../api/object';
import { cloneJson, hasKey, isJsonObject } from './json-utils';
import { childNode, isGranularMap, itemsNode, listSemantics, type SchemaNode } from './schema-node';
import { itemPathElement } from './typed-value';

/**
 * Merges an applied configuration into a live object (upstream TypedValue.Merge): granular maps
 * and structs merge key by key, map- and set-lists merge item by item keeping the live order
 * with applied items interleaved, everything else (atomic lists and maps, scalars, null) takes
 * the applied value.
 */
export function structuredMerge(lhs: Json | undefined, rhs: Json | undefined, node: SchemaNode): Json | undefined {
  if (rhs === undefined) return lhs === undefined ? undefined : cloneJson(lhs);
  if (lhs === undefined || rhs === null) return cloneJson(rhs);
  const f = node.field;
  if (isJsonObject(lhs) && isJsonObject(rhs) && isGranularMap(f) && f?.kind !== 'array') {
    const out: JsonObject = {};
    for (const k of Object.keys(lhs)) {
      setOwn(out, k, hasKey(rhs, k) ? structuredMerge(lhs[k], rhs[k], childNode(node, k))! : cloneJson(lhs[k]!));
    }
    for (const k of Object.keys(rhs)) if (!hasKey(lhs, k)) setOwn(out, k, cloneJson(rhs[k]!));
    return out;
  }
  if (Array.isArray(lhs) && Array.isArray(rhs) && f?.kind === 'array' && listSemantics(f).type !== 'atomic') {
    return mergeList(lhs, rhs, node);
  }
  return cloneJson(rhs);
}

/** Upstream's list merge order: live items stay in place, applied items follow their own order. */
function mergeList(lhs: Json[], rhs: Json[], node: SchemaNode): Json[] {
  const sem = listSemantics(node.field);
  const items = itemsNode(node);
  const index = (list: Json[]) => {
    const pes = list.map((v) => itemPathElement(v, sem));
    const first = new Map<string, Json>();
    list.forEach((v, i) => {
      if (!first.has(pes[i]!)) first.set(pes[i]!, v);
    });
    return { pes, first };
  };
  const L = index(lhs);
  const R = index(rhs);
  const shared = R.pes.filter((pe) => L.first.has(pe));
  let nextShared: string | undefined = shared.shift();
  const mergedR = new Set<string>();
  const out: Json[] = [];
  const take = (pe: string, l: Json | undefined, r: Json | undefined) => {
    const v = structuredMerge(l, r, items);
    if (v !== undefined) out.push(v);
  };
  let li = 0;
  let ri = 0;
  while (li < L.pes.length || ri < R.pes.length) {
    if (li < L.pes.length && ri < R.pes.length) {
      const pe = L.pes[li]!;
      if (pe === R.pes[ri]) {
        mergedR.add(pe);
        take(pe, L.first.get(pe), R.first.get(pe));
        li++;
        ri++;
        nextShared = shared.shift();
        continue;
      }
      if (R.first.has(pe) && nextShared !== undefined && nextShared !== pe) {
        li++;
        continue;
      }
    }
    if (li < L.pes.length) {
      const pe = L.pes[li]!;
      if (!R.first.has(pe)) {
        take(pe, lhs[li], undefined);
        li++;
        continue;
      }
      if (mergedR.has(pe)) {
        li++;
        continue;
      }
    }
    if (ri < R.pes.length) {
      const pe = R.pes[ri]!;
      mergedR.add(pe);
      take(pe, L.first.get(pe), R.first.get(pe));
      ri++;
      if (nextShared === pe) nextShared = shared.shift();
    }
  }
  return out;
}
