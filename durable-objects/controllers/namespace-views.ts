import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { ObjectLike, ResourceClient } from '../../shared/client';
import { getOrUndefined } from '../../shared/client/store-result';
import { NamespaceView } from '../../shared/controllers/namespace-view';

/**
 * A host's per-namespace views of one resource (shared/controllers/namespace-view.ts), kept in its
 * memo under `key`: in memory for the life of the host instance, rebuilt by a list after a restart.
 */
type Views<T extends ObjectLike> = Map<string, NamespaceView<T>>;

/** The namespace's view, created empty (its first sync lists) when the host has none. */
export function namespaceView<T extends ObjectLike>(memo: Record<string, unknown>, key: string, namespace: string, keep?: (obj: T) => T): NamespaceView<T> {
  const views = (memo[key] ??= new Map()) as Views<T>;
  let view = views.get(namespace);
  if (!view) views.set(namespace, (view = new NamespaceView<T>(keep)));
  return view;
}

/**
 * Hands the notices of `resource` to the views held (the controller's `observe`). Only namespaces the
 * controller has synced in have a view, so notices elsewhere cost nothing; a view left empty (the
 * namespace's objects all gone) is dropped, and the next sync there lists again.
 */
export function observeViews(memo: Record<string, unknown>, key: string, resource: string, notices: ChangeNotice[]): void {
  const views = memo[key] as Views<ObjectLike> | undefined;
  if (!views) return;
  for (const n of notices) {
    const view = n.resource === resource && n.namespace ? views.get(n.namespace) : undefined;
    if (!view) continue;
    view.observe(n);
    if (view.empty) views.delete(n.namespace!);
  }
}

/** Makes the namespace's view, if the host holds one, list again at its next sync (it may have missed notices). */
export function invalidateView(memo: Record<string, unknown>, key: string, namespace: string): void {
  (memo[key] as Views<ObjectLike> | undefined)?.get(namespace)?.invalidate();
}

/** Brings a view up to date before a sync: a full list, or a get of each object a notice said changed. */
export async function refreshView<T extends ObjectLike>(objects: ResourceClient<T>, view: NamespaceView<T>, now: number): Promise<void> {
  const plan = view.refresh(now);
  if (plan.kind === 'list') {
    const epoch = view.epoch;
    const list = await objects.list();
    view.replaceAll(list.items, list.metadata?.resourceVersion, now, epoch);
  } else if (plan.kind === 'get') {
    await Promise.all(plan.objects.map(async (o) => view.apply(o.name, await getOrUndefined(objects.get(o.name)), o.resourceVersion)));
  }
}
