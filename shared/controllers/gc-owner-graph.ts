import { LEASE_RESOURCE, mayHaveChanged, type ChangeNotice } from '../apiserver/change-notice';
import type { GraphObject } from './garbage-collector';

/**
 * The notices the collector hears: what can orphan a dependent — an owner going (deleted, or being deleted with a
 * finalizer) — and writes of objects that name owners: their creation, and an update that may have changed their
 * references (an adoption: upstream's GraphBuilder diffs the references of every update; here an update whose
 * `metadata` did not change cannot have, so status writes are not heard). Lease renewals are left out: a kubelet
 * names its Lease's owner when it creates it and never adopts one. Events own nothing.
 */
export function gcHearsNotice(n: ChangeNotice): boolean {
  if (n.resource === 'events') return false;
  if (n.type === 'DELETED' || n.deleting) return true;
  if (!n.ownerReferences?.length) return false;
  return n.type === 'ADDED' || (n.resource !== LEASE_RESOURCE && mayHaveChanged(n, 'metadata'));
}

/** An object seen being deleted: read once to learn whether it carries `orphan` or `foregroundDeletion`. */
export interface DeletingObject {
  /** Storage key of its resource (`pods`, `replicasets.apps`). */
  resource: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
  uid: string;
}

/** What the collector has to look at again, drained from the graph by `take`. */
export interface GcWork {
  /**
   * Namespaces ('' for cluster-scoped objects) whose ownership must be judged again: an owner of one
   * of their objects vanished, or a new dependent names an owner not known to exist.
   */
  namespaces: string[];
  /** Objects being deleted whose finalizers decide whether their dependents are orphaned or deleted first. */
  deleting: DeletingObject[];
  /**
   * A cluster-scoped object went: its dependents may be in any namespace, so every namespace this graph
   * has not scanned yet must be (the caller knows which namespaces exist).
   */
  unscanned: boolean;
}

interface Dependent {
  namespace: string;
  owners: string[];
}

/**
 * The garbage collector's ownership graph, fed by store notices (upstream's GraphBuilder fed by
 * informers: uidToNode, owners and dependents) so that a steady cluster costs no list at all. It
 * only says where to look: which namespaces hold dependents of an owner that vanished or of an
 * owner not known to exist, and which deleted objects may carry the orphan or foreground finalizer.
 * The decisions themselves stay with gcDecisions over a fresh list of those namespaces (upstream
 * also reads live state before it deletes: attemptToDeleteItem's lookups).
 *
 * Notices carry owner uids but not finalizers or blockOwnerDeletion. The stores send the collector
 * deletions, objects being deleted, and the writes of objects naming owners that may have changed their
 * references (gcHearsNotice): an ownerReference added by an update (an adoption) is linked when heard. One removed by an update
 * (a release) is not heard (the notice of an object without owners is not sent); the stale link costs
 * at most an extra scan when the old owner goes.
 */
export class GcOwnerGraph {
  /** Objects with ownerReferences, by uid. */
  private readonly dependents = new Map<string, Dependent>();
  /** Owner uid → uids of the objects that name it. */
  private readonly dependentsOf = new Map<string, Set<string>>();
  /** Namespace → uids of its objects with ownerReferences, so a scan replaces just its namespace. */
  private readonly byNamespace = new Map<string, Set<string>>();
  /** Objects known to exist: listed by a scan, or heard of since (upstream's non-virtual nodes). */
  private readonly present = new Set<string>();
  /** Objects being deleted, by uid → namespace: a dependent of theirs going may let their foreground finalizer go. */
  private readonly deletingOwners = new Map<string, string>();
  private readonly dirty = new Set<string>();
  private readonly deleting = new Map<string, DeletingObject>();
  /** Notices heard while scans are in flight: a scan's list may predate them, so they are applied again over it. */
  private journal?: ChangeNotice[];
  private scansInFlight = 0;
  /**
   * Namespaces scanned into this graph. The graph lives in the host's memory, which the runtime drops
   * when the host idles: a new one knows nothing, and learns a namespace by scanning it the first time
   * a notice concerns it, instead of scanning the whole cluster at once.
   */
  private readonly scanned = new Set<string>();
  private unscannedToo = false;
  /** A periodic full scan is being worked through (its key comes back until it is done). */
  private resyncing = false;

  /** Applies store notices (observe: no I/O). */
  observe(notices: readonly ChangeNotice[]): void {
    for (const n of notices) {
      this.journal?.push(n);
      this.apply(n);
    }
  }

  /** Marks namespaces to scan again ('' for cluster-scoped objects). */
  markDirty(namespaces: Iterable<string>): void {
    for (const ns of namespaces) this.dirty.add(ns);
  }

  /**
   * The periodic full scan: every namespace, once. Its key is queued again while work remains, and
   * must not start the pass over each time (it would never end).
   */
  resync(namespaces: Iterable<string>): void {
    if (this.resyncing) return;
    this.resyncing = true;
    this.markDirty(namespaces);
  }

  /** Drains what is to be looked at; the caller gives back what it could not finish with `giveBack`. */
  take(): GcWork {
    const work = { namespaces: [...this.dirty], deleting: [...this.deleting.values()], unscanned: this.unscannedToo };
    this.dirty.clear();
    this.deleting.clear();
    this.unscannedToo = false;
    return work;
  }

  /** Gives back what a run did not finish (everything, when it failed); a run leaving nothing ends a full scan. */
  giveBack(work: Partial<GcWork>): void {
    this.markDirty(work.namespaces ?? []);
    for (const d of work.deleting ?? []) this.deleting.set(d.uid, d);
    if (work.unscanned) this.unscannedToo = true;
    if (!this.pending) this.resyncing = false;
  }

  get pending(): boolean {
    return this.dirty.size > 0 || this.deleting.size > 0 || this.unscannedToo;
  }

  /** Whether a namespace ('' for cluster-scoped objects) was scanned into this graph. */
  knows(namespace: string): boolean {
    return this.scanned.has(namespace);
  }

  /** Namespaces holding objects that name `uid` as an owner (a cluster-scoped owner's dependents may be anywhere). */
  dependentNamespaces(uid: string): string[] {
    const out = new Set<string>();
    for (const d of this.dependentsOf.get(uid) ?? []) {
      const dep = this.dependents.get(d);
      if (dep) out.add(dep.namespace);
    }
    return [...out];
  }

  /** Starts a scan: notices heard from now on are applied again over its result. Returns the scan's token. */
  beginScan(): number {
    this.journal ??= [];
    this.scansInFlight++;
    return this.journal.length;
  }

  /** A scan that failed: nothing replaced, its namespace stays to do. */
  abortScan(namespace: string): void {
    this.endScan();
    this.dirty.add(namespace);
  }

  /**
   * Replaces what the graph knows of one namespace ('' for cluster-scoped objects) with a fresh list
   * of it, then applies again the notices heard since the scan began (`token` from beginScan).
   */
  replaceNamespace(namespace: string, objects: readonly GraphObject[], token: number): void {
    for (const uid of [...(this.byNamespace.get(namespace) ?? [])]) this.unlink(uid);
    this.scanned.add(namespace);
    for (const o of objects) {
      this.present.add(o.uid);
      if (o.deletionTimestamp) this.deletingOwners.set(o.uid, namespace);
      const owners = (o.ownerReferences ?? []).map((r) => r.uid);
      if (owners.length) this.link(o.uid, namespace, owners);
    }
    const replay = this.journal?.slice(token) ?? [];
    this.endScan();
    // only the structure: what the replayed notices would mark dirty was marked when they were heard
    const [dirty, deleting, unscannedToo] = [new Set(this.dirty), new Map(this.deleting), this.unscannedToo];
    for (const n of replay) this.apply(n);
    this.dirty.clear();
    for (const ns of dirty) this.dirty.add(ns);
    this.deleting.clear();
    for (const [k, v] of deleting) this.deleting.set(k, v);
    this.unscannedToo = unscannedToo;
  }

  /** Sizes, for logs and benchmarks. */
  get size(): { dependents: number; present: number } {
    return { dependents: this.dependents.size, present: this.present.size };
  }

  private endScan(): void {
    if (--this.scansInFlight <= 0) {
      this.scansInFlight = 0;
      this.journal = undefined;
    }
  }

  private apply(n: ChangeNotice): void {
    const namespace = n.namespace ?? '';
    // what the graph has not scanned it cannot answer for: the namespace is scanned (once)
    if (!this.scanned.has(namespace)) this.dirty.add(namespace);
    if (n.type === 'DELETED') {
      if (!n.namespace) this.unscannedToo = true;
      this.vanished(n.uid);
      return;
    }
    this.present.add(n.uid);
    if (n.deleting) {
      this.deletingOwners.set(n.uid, namespace);
      this.deleting.set(n.uid, { resource: n.resource, namespace, name: n.name, uid: n.uid });
    }
    const owners = (n.ownerReferences ?? []).map((r) => r.uid);
    // a notice without owners may be a release we never hear of otherwise: the next scan corrects it
    if (!owners.length) return;
    const before = this.dependents.get(n.uid)?.owners ?? [];
    this.link(n.uid, namespace, owners);
    // upstream enqueues a dependent of a virtual (never observed) owner to verify it; so does a new owner reference here
    if (!n.deleting && owners.some((o) => !this.present.has(o) && !before.includes(o))) this.dirty.add(namespace);
  }

  /** An object is gone: its dependents' namespaces are judged again, and so are its owners in foreground deletion. */
  private vanished(uid: string): void {
    for (const d of this.dependentsOf.get(uid) ?? []) {
      const dep = this.dependents.get(d);
      if (dep) this.dirty.add(dep.namespace);
    }
    for (const owner of this.dependents.get(uid)?.owners ?? []) {
      const ns = this.deletingOwners.get(owner);
      if (ns !== undefined) this.dirty.add(ns);
    }
    this.unlink(uid);
    this.present.delete(uid);
    this.deletingOwners.delete(uid);
    this.deleting.delete(uid);
  }

  private link(uid: string, namespace: string, owners: string[]): void {
    this.unlink(uid);
    this.dependents.set(uid, { namespace, owners });
    let inNs = this.byNamespace.get(namespace);
    if (!inNs) this.byNamespace.set(namespace, (inNs = new Set()));
    inNs.add(uid);
    for (const o of owners) {
      let deps = this.dependentsOf.get(o);
      if (!deps) this.dependentsOf.set(o, (deps = new Set()));
      deps.add(uid);
    }
  }

  private unlink(uid: string): void {
    const dep = this.dependents.get(uid);
    if (!dep) return;
    this.dependents.delete(uid);
    const inNs = this.byNamespace.get(dep.namespace);
    inNs?.delete(uid);
    if (inNs?.size === 0) this.byNamespace.delete(dep.namespace);
    for (const o of dep.owners) {
      const deps = this.dependentsOf.get(o);
      deps?.delete(uid);
      if (deps?.size === 0) this.dependentsOf.delete(o);
    }
  }
}
