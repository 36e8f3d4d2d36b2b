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
