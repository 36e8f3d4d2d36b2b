import type { ChangeNotice } from '../../apiserver/change-notice';
import { nodeHeartbeatOnly } from '../node-update-filters';

/** What one node notice asks of the node lifecycle controller's host. */
export interface NodeNoticeWork {
  /** Start the monitor pass now: a node was added or removed (it requeues itself from then on). */
  monitor: boolean;
  /** Read the node into the snapshot and run doNoScheduleTaintingPass on it (upstream's nodeUpdateQueue). */
  taints: boolean;
  /**
   * Only the heartbeat changed (a kubelet's periodic status report): the snapshot's copy of the node
   * now lags by its conditions' lastHeartbeatTime, which only the monitor's probe reads.
   */
  heartbeat: boolean;
}

/**
 * What a node notice costs the host. Upstream queues every update in nodeUpdateQueue, but its
 * doNoScheduleTaintingPass derives the taints from the conditions' type and status and
 * `spec.unschedulable` alone, so for a heartbeat-only report it computes the taints the node has and
 * writes nothing; its only other effect is the informer's cache holding the new heartbeat. Here the
 * queued key would read the node back (1000 reads in a wave every 5 minutes of cluster time, at 60×
 * a queue 30–65 s of cluster time late), so such a report only marks the node's heartbeat unread
 * (`heartbeat`): the monitor reads it again before it would judge the node lost (rereadBeforeLosing),
 * and the relist reads every node. A notice whose change is unknown (replayed after a restart) or
 * any other update still queues the read.
 * @example nodeNoticeWork(noticeOf('nodes', 'MODIFIED', reported, before)) // { monitor: false, taints: false, heartbeat: true }
 */
export function nodeNoticeWork(n: ChangeNotice): NodeNoticeWork {
  if (n.type !== 'MODIFIED') return { monitor: true, taints: true, heartbeat: false };
  const heartbeat = nodeHeartbeatOnly(n);
  return { monitor: false, taints: !heartbeat, heartbeat };
}
