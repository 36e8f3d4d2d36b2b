import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import type { WorkloadProfile } from '../../nodes/workload-profile';
import { NamespaceView, type ViewNotice } from '../namespace-view';

/** Storage keys of what the HPA controller keeps per namespace (its informers upstream: HPAs, pods, and here the metrics' profiles and the common target kind). */
export const HPA_VIEWED = {
  hpas: 'horizontalpodautoscalers.autoscaling',
  pods: 'pods',
  profiles: 'workloadprofiles.kubeflare.dev',
  deployments: 'deployments.apps',
} as const;

/** The viewed resources other than the HPAs: the store routes their notices only while it holds an HPA (anchorHeld). */
export const HPA_MEMBER_RESOURCES: readonly string[] = [HPA_VIEWED.pods, HPA_VIEWED.profiles, HPA_VIEWED.deployments];

/** A notice as the views need it: which resource and namespace, then what NamespaceView reads. */
export interface HpaViewNotice extends ViewNotice {
  resource: string;
  namespace?: string;
}

/**
 * One namespace's HPAs, pods, WorkloadProfiles and Deployments as the HPA controller reads them between
 * syncs: each a NamespaceView (listed once, then kept by notices). They stand or fall together, because
 * the stores send pod, profile and Deployment notices only from a namespace that holds an HPA
 * (shared/controllers/notice-scope.ts): while the namespace has none, the member views miss changes.
 * So the member views are trusted only while the HPA view is: a list of the HPAs lists them all, and
 * a namespace whose HPAs are all gone drops its views (the next sync there lists everything).
 */
export class HpaNamespaceViews {
  readonly hpas = new NamespaceView<HorizontalPodAutoscaler>();
  readonly pods = new NamespaceView<Pod>();
  readonly profiles = new NamespaceView<WorkloadProfile>();
  readonly deployments = new NamespaceView<Deployment>();

  /** Hands a notice to its view; false when the namespace's last HPA is gone and the views must be dropped. */
  observe(n: HpaViewNotice): boolean {
    this.viewOf(n.resource)?.observe(n);
    return !(n.resource === HPA_VIEWED.hpas && n.type === 'DELETED' && this.hpas.empty);
  }

  /**
   * Before the HPAs are refreshed: when they need a full list (first sync, the relist period, a write of
   * unknown outcome), the other views are listed with them, so all four cover the same stretch of notices.
   */
  prepare(now: number): void {
    if (this.hpas.refresh(now).kind !== 'list') return;
    this.pods.invalidate();
    this.profiles.invalidate();
    this.deployments.invalidate();
  }

  private viewOf(resource: string): { observe(n: ViewNotice): void } | undefined {
    switch (resource) {
      case HPA_VIEWED.hpas:
        return this.hpas;
      case HPA_VIEWED.pods:
        return this.pods;
      case HPA_VIEWED.profiles:
        return this.profiles;
      case HPA_VIEWED.deployments:
        return this.deployments;
      default:
        return undefined;
    }
  }
}

/**
 * The HPA controller's views of every namespace it syncs in (HpaNamespaceViews), for the life of its
 * host instance: a namespace gets views at its first sync, and notices elsewhere cost nothing.
 * @example
 * const views = new HpaViews();
 * views.observe(notices); // the host's observe
 * const ns = views.of('shop'); ns.prepare(now); // then refresh each view and sync
 */
export class HpaViews {
  private readonly byNamespace = new Map<string, HpaNamespaceViews>();

  /** The namespace's views, created empty (the next refresh lists) when none are held. */
  of(namespace: string): HpaNamespaceViews {
    let views = this.byNamespace.get(namespace);
    if (!views) this.byNamespace.set(namespace, (views = new HpaNamespaceViews()));
    return views;
  }

  /** Whether the namespace has views (it was synced in, and still holds an HPA as far as notices tell). */
  has(namespace: string): boolean {
    return this.byNamespace.has(namespace);
  }

  /** Forgets a namespace's views: it holds no HPA, so its member views would miss notices from now on. */
  drop(namespace: string): void {
    this.byNamespace.delete(namespace);
  }

  /** Hands notices to the views of their namespace; drops a namespace whose last HPA went. */
  observe(notices: readonly HpaViewNotice[]): void {
    for (const n of notices) {
      const views = n.namespace === undefined ? undefined : this.byNamespace.get(n.namespace);
      if (views && !views.observe(n)) this.byNamespace.delete(n.namespace!);
    }
  }
}
