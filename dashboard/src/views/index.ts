// Every view of the dashboard, first match wins. A new view (HPA, throttling, network, cluster clock) is one module
// exporting a View, added here.
import { namespaceView } from './namespace-view';
import { nodeView } from './node-view';
import { overview } from './overview';
import { podView } from './pod-view';
import type { View } from './view';

export const VIEWS: readonly View[] = [podView, nodeView, namespaceView, overview];
export type { View, ViewContext, MountedView } from './view';
