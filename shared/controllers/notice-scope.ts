import type { ChangeNotice } from '../apiserver/change-notice';

/**
 * What the store that committed a notice can say about its own contents while it routes the notice.
 * A namespace's objects all live in that namespace's store, so "does this namespace hold a Service"
 * is one look at the sender's table, known at routing time without a read by the controller.
 */
export interface NoticeScope {
  /** Whether the sending store holds at least one object of `resource` (a storage key) now. */
  holds(resource: string): boolean;
}

/**
 * Whether a notice can matter to a controller whose work in a namespace starts from its `anchor`
 * objects and reaches the `members` only through them: the disruption controller reads a namespace's
 * pods only for its PodDisruptionBudgets, the endpoint controllers only for its Services, the quota
 * controller its objects only for its ResourceQuotas, pvc-protection a deleted pod only for its claims.
 * Each of their reconciles lists the anchors first and returns when there are none (as upstream's
 * handlers find no budget or service for the pod and queue nothing).
 *
 * A member's notice is dropped while the sending store holds no anchor. Nothing is lost by it: the
 * store answers after the member's commit, so an anchor created later has a notice of its own, whose
 * reconcile reads the members as they are then. Anchor notices, notices without a namespace and
 * notices routed without a scope (a store that cannot tell) always pass.
 */
export function anchorHeld(n: ChangeNotice, scope: NoticeScope | undefined, anchor: string, members: readonly string[]): boolean {
  if (!scope || !n.namespace || !members.includes(n.resource)) return true;
  return scope.holds(anchor);
}

/**
 * The anchors of each namespace a host has heard of, for a controller that keeps a view of the members
 * (the ReplicaSet controller's pods) and lets `anchorHeld` drop member notices: the view can miss the
 * members that changed while their namespace held no anchor, and the next anchor to appear is the moment
 * to read them again (a new ReplicaSet adopts the orphans its selector matches). The stores send a host
 * its notices in commit order, so the anchor's own notice comes after every member notice that was dropped.
 *
 * @example
 * const heard = new AnchorsHeard('replicasets.apps');
 * if (heard.hear(notice)) view.invalidate(); // the first ReplicaSet of a namespace known to have none
 */
export class AnchorsHeard {
  private readonly byNamespace = new Map<string, Set<string>>();

  constructor(private readonly anchor: string) {}

  /**
   * Hears one notice; true when it is an anchor that is not a deletion, in a namespace where no anchor
   * was known: member notices before it may have been dropped. A host that has just started knows none,
   * so its first anchor notice of a namespace answers true (one extra read, where its views are new anyway).
   */
  hear(n: ChangeNotice): boolean {
    if (n.resource !== this.anchor || !n.namespace) return false;
    const names = this.byNamespace.get(n.namespace);
    if (n.type === 'DELETED') {
      names?.delete(n.name);
      if (names?.size === 0) this.byNamespace.delete(n.namespace);
      return false;
    }
    if (names) {
      names.add(n.name);
      return false;
    }
    this.byNamespace.set(n.namespace, new Set([n.name]));
    return true;
  }
}
