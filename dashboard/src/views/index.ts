// Every view of the dashboard, first match wins; those with `nav` are linked in the header, in this order. A new
// view is one module exporting a View, added here.
import { autoscalersView } from './autoscalers-view';
import { namespaceView } from './namespace-view';
import { networkView } from './network-view';
import { nodeView } from './node-view';
import { overview } from './overview';
import { podView } from './pod-view';
import type { View } from './view';

export const VIEWS: readonly View[] = [overview, autoscalersView, networkView, podView, nodeView, namespaceView];
export type { View, ViewContext, MountedView } from './view';
