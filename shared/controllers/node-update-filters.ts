import { mayHaveChanged, type ChangeNotice } from '../apiserver/change-notice';
import { poolNodeNotice } from './nodes-without-kubelet';

/**
 * Which node notices each controller acts on, from what the notice says changed (ChangeNotice.changed), as
 * upstream's node update handlers compare the old and new node before they queue anything. Every node's
 * kubelet reports its status every 5 minutes even when nothing changed (nodeStatusReportFrequency): at 5000
 * nodes that is 17 writes a second whose only change is the conditions' lastHeartbeatTime. A notice whose
 * change is unknown (no `changed`: ADDED, DELETED, replayed after a restart) always passes.
 */

/** A kubelet's periodic report that changed nothing but its conditions' heartbeat times. */
export function nodeHeartbeatOnly(n: ChangeNotice): boolean {
  return n.type === 'MODIFIED' && n.changed?.heartbeatOnly === true;
}

/**
 * The scheduler, the DaemonSet controller and flannel's subnet manager ignore a heartbeat-only update:
 * the scheduler's nodeSchedulingPropertiesChange and the DaemonSet controller's shouldIgnoreNodeUpdate
 * compare conditions by type and status only (so they drop more than this: a condition's reason or
 * message changing still passes here); flannel's handler looks at the node's lease annotations and podCIDR.
 */
export function nodeUpdateMatters(n: ChangeNotice): boolean {
  return !nodeHeartbeatOnly(n);
}

/** The taint eviction controller's NodeUpdated (taint_eviction.go): an update queues the node only when its taints differ. */
export function taintEvictionHearsNode(n: ChangeNotice): boolean {
  return n.type !== 'MODIFIED' || mayHaveChanged(n, 'spec.taints');
}

/**
 * The NodePool controller counts its nodes and their Ready condition (status.nodes, readyNodes): a node
 * added or deleted, a change of its metadata (its pool label, its deletion) or of its status can move
 * the counts; a change of spec alone (taints, podCIDR, unschedulable) or a heartbeat-only report cannot.
 */
export function nodePoolHearsNode(n: ChangeNotice): boolean {
  return n.type !== 'MODIFIED' || (!nodeHeartbeatOnly(n) && mayHaveChanged(n, 'status', 'metadata'));
}

/**
 * The simulated kubelet keeps each node as it last read or wrote it, and reads it again when someone else
 * changed it: it hears a node's update unless the kubelet alone wrote it (its own status report, heartbeat
 * or not). A notice that does not say who wrote it always passes.
 */
export function kubeletHearsNodeUpdate(n: ChangeNotice): boolean {
  if (n.type !== 'MODIFIED') return true;
  const writers = n.changed?.writers;
  return !writers?.length || writers.some((w) => w !== 'kubelet' && !w.startsWith('kubelet/'));
}

/**
 * The simulated kubelet's node notices: a pool node's, unless the kubelet alone wrote it
 * (kubeletHearsNodeUpdate); a node outside any NodePool only as it comes and goes (ADDED, DELETED), so
 * its shard knows that pods bound there have no kubelet (NodesWithoutKubelet) — its updates (the node
 * lifecycle controller's conditions and taints) mean nothing to a kubelet.
 */
export function kubeletHearsNode(n: ChangeNotice): boolean {
  return poolNodeNotice(n) ? kubeletHearsNodeUpdate(n) : n.type !== 'MODIFIED';
}
