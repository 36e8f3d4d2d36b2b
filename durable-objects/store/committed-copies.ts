import type { StoredObject } from '../../shared/api/object';
import type { StoreTable } from '../../shared/apiserver/store-table';

/**
 * Objects of one resource as this store last committed or read them, kept in memory so a batch that
 * reads the same objects again and again (the kubelets' Lease renewals: every Lease every 10 s) reads
 * only their resourceVersions, not their bodies to parse. A kept copy is used only while the stored
 * row still has its resourceVersion: every commit takes a new one, so any other write since (a user's
 * edit, a delete, a generic update) sends the read to the row itself. Copies are kept only of commits
 * whose transaction has ended (a rolled-back transaction hands its resourceVersions out again), and
 * never mutated: callers build new objects from them, as from any stored object.
 */
export class CommittedCopies {
  private readonly byName = new Map<string, StoredObject>();

  /** The named objects as stored now (absent names left out): kept copies where still current, the rest read in one statement. */
  read(table: StoreTable, resource: string, names: string[]): Map<string, StoredObject> | undefined {
    if (!table.versionsOf || !table.getMany) return table.getMany?.(resource, names);
    const versions = table.versionsOf(resource, names);
    const out = new Map<string, StoredObject>();
    const stale: string[] = [];
    for (const name of names) {
      const rv = versions.get(name);
      const kept = this.byName.get(name);
      if (rv === undefined) this.byName.delete(name);
      else if (kept?.metadata.resourceVersion === rv) out.set(name, kept);
      else stale.push(name);
    }
    if (stale.length) {
      for (const [name, obj] of table.getMany(resource, stale)) {
        out.set(name, obj);
        this.byName.set(name, obj);
      }
    }
    return out;
  }

  /** Keeps copies of objects whose commits are durable (their transaction has ended). */
  keep(objects: Iterable<StoredObject>): void {
    for (const o of objects) this.byName.set(o.metadata.name, o);
  }
}
