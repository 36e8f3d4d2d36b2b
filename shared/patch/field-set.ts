import type { JsonObject } from '../api/object';
import { isJsonObject } from './json-utils';

/**
 * A set of field paths (sigs.k8s.io/structured-merge-diff fieldpath.Set) as a trie keyed by
 * FieldsV1 path elements: `f:name` (field), `k:{"name":"c"}` (map-list key), `v:"x"` (set-list
 * value), `i:0` (index). `member` says the path of the node itself is in the set.
 */
export interface FieldSet {
  member: boolean;
  children: Map<string, FieldSet>;
}

/** An empty set. */
export function emptySet(): FieldSet {
  return { member: false, children: new Map() };
}

/** The child node for a path element, created if absent. */
export function childSet(s: FieldSet, pe: string): FieldSet {
  let c = s.children.get(pe);
  if (!c) {
    c = emptySet();
    s.children.set(pe, c);
  }
  return c;
}

/** Adds a path (a list of path elements) to the set. */
export function insertPath(s: FieldSet, path: readonly string[]): void {
  let cur = s;
  for (const pe of path) cur = childSet(cur, pe);
  cur.member = true;
}

/** Whether the set has no paths. */
export function isEmptySet(s: FieldSet): boolean {
  if (s.member) return false;
  for (const c of s.children.values()) if (!isEmptySet(c)) return false;
  return true;
}

function build(member: boolean, children: Map<string, FieldSet>): FieldSet {
  for (const [k, c] of children) if (isEmptySet(c)) children.delete(k);
  return { member, children };
}

/** a ∪ b. */
export function union(a: FieldSet, b: FieldSet): FieldSet {
  const children = new Map<string, FieldSet>();
  for (const [k, c] of a.children) children.set(k, b.children.has(k) ? union(c, b.children.get(k)!) : copySet(c));
  for (const [k, c] of b.children) if (!a.children.has(k)) children.set(k, copySet(c));
  return build(a.member || b.member, children);
}

/** a ∖ b, path by path (a member of b does not remove a's deeper paths). */
export function difference(a: FieldSet, b: FieldSet): FieldSet {
  const children = new Map<string, FieldSet>();
  for (const [k, c] of a.children) {
    const o = b.children.get(k);
    children.set(k, o ? difference(c, o) : copySet(c));
  }
  return build(a.member && !b.member, children);
}

/** a ∖ b where a member of b also removes everything under it. */
export function recursiveDifference(a: FieldSet, b: FieldSet): FieldSet {
  const children = new Map<string, FieldSet>();
  for (const [k, c] of a.children) {
    const o = b.children.get(k);
    if (!o) children.set(k, copySet(c));
    else if (!o.member) children.set(k, recursiveDifference(c, o));
  }
  return build(a.member && !b.member, children);
}

/** a ∩ b. */
export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  const children = new Map<string, FieldSet>();
  for (const [k, c] of a.children) {
    const o = b.children.get(k);
    if (o) children.set(k, intersection(c, o));
  }
  return build(a.member && b.member, children);
}

export function copySet(s: FieldSet): FieldSet {
  return { member: s.member, children: new Map([...s.children].map(([k, c]) => [k, copySet(c)])) };
}

/** Every path of the set in upstream's iteration order: a level's members, then its children. */
export function setPaths(s: FieldSet, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  const keys = sortedKeys(s);
  for (const k of keys) if (s.children.get(k)!.member) out.push([...prefix, k]);
  for (const k of keys) {
    const c = s.children.get(k)!;
    if (c.children.size) out.push(...setPaths({ member: false, children: c.children }, [...prefix, k]));
  }
  return out;
}

const RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** Path elements in structured-merge-diff order: fields, then keys, values, indices. */
export function comparePathElements(a: string, b: string): number {
  const ra = RANK[a[0]!] ?? 4;
  const rb = RANK[b[0]!] ?? 4;
  if (ra !== rb) return ra - rb;
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedKeys(s: FieldSet): string[] {
  return [...s.children.keys()].sort(comparePathElements);
}

/** Encodes a set as FieldsV1 JSON (`{"f:spec":{"f:replicas":{}}}`, `".":{}` marking members with children). */
export function toFieldsV1(s: FieldSet): JsonObject {
  const out: JsonObject = {};
  if (s.member && s.children.size) out['.'] = {};
  for (const k of sortedKeys(s)) out[k] = toFieldsV1(s.children.get(k)!);
  return out;
}

/**
 * toFieldsV1(difference(s, without)) without building the difference: only the levels `without` reaches
 * are looked at apart (where what is left empty goes); every other subtree is encoded as it stands.
 */
export function toFieldsV1Without(s: FieldSet, without: FieldSet): JsonObject {
  const out: JsonObject = {};
  const kept: [string, FieldSet, FieldSet | undefined][] = [];
  for (const k of sortedKeys(s)) {
    const c = s.children.get(k)!;
    const w = without.children.get(k);
    if (w ? !isEmptyDifference(c, w) : !isEmptySet(c)) kept.push([k, c, w]);
  }
  if (s.member && !without.member && kept.length) out['.'] = {};
  for (const [k, c, w] of kept) out[k] = w ? toFieldsV1Without(c, w) : toFieldsV1(c);
  return out;
}

/** Whether a ∖ b (difference) is empty. */
export function isEmptyDifference(a: FieldSet, b: FieldSet): boolean {
  if (a.member && !b.member) return false;
  for (const [k, c] of a.children) {
    const o = b.children.get(k);
    if (o ? !isEmptyDifference(c, o) : !isEmptySet(c)) return false;
  }
  return true;
}

/** Decodes FieldsV1 JSON; anything malformed decodes to the paths it can read. */
export function fromFieldsV1(v: unknown): FieldSet {
  const s = emptySet();
  if (!isJsonObject(v)) return s;
  const keys = Object.keys(v);
  if (keys.length === 0) {
    s.member = true;
    return s;
  }
  for (const k of keys) {
    if (k === '.') s.member = true;
    else s.children.set(k, fromFieldsV1(v[k]));
  }
  return s;
}

/** A path as upstream prints it in conflict messages: `.spec.containers[name="c"].image`. */
export function pathString(path: readonly string[]): string {
  return path.map(pathElementString).join('');
}

function pathElementString(pe: string): string {
  const body = pe.slice(2);
  switch (pe[0]) {
    case 'f':
      return `.${body}`;
    case 'k': {
      const key = JSON.parse(body) as JsonObject;
      return `[${Object.keys(key)
        .sort()
        .map((k) => `${k}=${JSON.stringify(key[k])}`)
        .join(',')}]`;
    }
    case 'v':
      return `[=${body}]`;
    case 'i':
      return `[${body}]`;
    default:
      return '{{invalid path element}}';
  }
}
