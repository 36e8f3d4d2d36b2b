import type { ClusterHistory } from '../cluster-history';
import type { CpuThrottling } from '../cpu-throttling';
import type { LiveCluster } from '../live-cluster';
import type { Route } from '../model/route';

/** What every view gets: the live caches, their history, and the time "now" is. */
export interface ViewContext {
  cluster: LiveCluster;
  history: ClusterHistory;
  /** CPU throttling per pod from /metrics, scraped while a view wants it. */
  throttling: CpuThrottling;
  /** Cluster time (ms). */
  now(): number;
}

/** A view on the page while it is shown: redrawn on every change of the caches, told when it goes. */
export interface MountedView {
  update(): void;
  unmount?(): void;
}

/**
 * One view of the dashboard, reached by URL. Adding a view is one module that exports a View, plus its line in
 * views/index.ts.
 */
export interface View {
  /** Shown in the navigation when `nav` is set. */
  title: string;
  nav?: { href: string };
  matches(route: Route): boolean;
  mount(root: HTMLElement, route: Route, ctx: ViewContext): MountedView;
}
