import type { Lease } from 'kubernetes-types/coordination/v1';
import { parseTime } from '../time';

/**
 * The monitor's node snapshot (kube-controller-manager reads nodes from an informer's cache): how the
 * node lifecycle controller host keeps every node in memory between passes instead of listing them
 * all every 5 s of cluster time (twelve lists of every node a wall second at 60×). Change notices
 * name the nodes to read again; a full list renews the snapshot now and then (relistDue), against a lost notice.
 */

/** When a snapshot was last listed: cluster ms (`at`) and wall ms (`wallAt`). */
export interface ListedAt {
  at: number;
  wallAt: number;
}

/**
 * A monitor pass's time on both clocks, and whether the wall clock counts (resyncByWall: not while the
 * cluster clock is paused, so a stepped run stays deterministic).
 */
export interface PassTime {
  now: number;
  wallNow: number;
  byWall: boolean;
}

/**
 * How often a snapshot is listed again: every `clusterMs` of cluster time, and, when the wall clock
 * counts, no more often than every `wallFloorMs` of wall time. The relist only repairs a lost notice
 * (upstream's informers never relist in a steady state), so a clock at 60× need not multiply it by 60;
 * at real time the cluster period is the longer one and rules alone.
 */
export interface RelistPeriod {
  clusterMs: number;
  wallFloorMs: number;
}

/**
 * Whether a monitor pass must list every node (or Lease): no snapshot yet, either clock went back, or
 * both `clusterMs` of cluster time and (when the wall clock counts) `wallFloorMs` of wall time passed.
 * @example relistDue({ at: 0, wallAt: 0 }, { now: 30_000, wallNow: 500, byWall: true }, { clusterMs: 30_000, wallFloorMs: 10_000 }) === false // 60×
 */
export function relistDue(listed: ListedAt | undefined, t: PassTime, period: RelistPeriod): boolean {
  if (listed === undefined || t.now < listed.at) return true;
  if (t.now - listed.at < period.clusterMs) return false;
  if (!t.byWall) return true;
  return t.wallNow < listed.wallAt || t.wallNow - listed.wallAt >= period.wallFloorMs;
}

/**
 * How to read `changed` nodes into a snapshot of `known` nodes: one GET each while they are few, one
 * list of every node once they are a quarter of the cluster (or more than 8) or there is no snapshot.
 * @example snapshotRead(3, 1000) === 'get'; snapshotRead(300, 1000) === 'list'
 */
export function snapshotRead(changed: number, known: number | undefined): 'get' | 'list' {
  if (known === undefined) return 'list';
  return changed > Math.max(8, known / 4) ? 'list' : 'get';
}

/**
 * The monitor's Lease snapshot: each node's kube-node-lease Lease as far as the monitor reads it (its
 * renewTime, the probe that matters), by node name, in the shape monitorNodeHealth takes. Lease
 * notices carry the renewTime (ChangeNotice.renewTime), so a monitor pass reads no Lease; a full
 * list renews the snapshot as for nodes (relistDue).
 */
export type LeaseSnapshot = Record<string, Lease>;

/**
 * Records a Lease's renewTime as a notice or a list saw it, keeping the later of the known and the
 * seen one: a list answered after a notice it crossed must not move a node's renewal back (the next
 * pass would take the notice's renewal for a new one). An unparsable time replaces the known one
 * (computeNodeHealth then ignores it, as upstream does).
 * @example recordRenewal(s, 'n1', '2026-01-01T00:00:10.000000Z') // s.n1.spec.renewTime is that time
 */
export function recordRenewal(leases: LeaseSnapshot, name: string, renewTime: string | undefined): void {
  const knownMs = parseTime(leases[name]?.spec?.renewTime);
  const seenMs = parseTime(renewTime);
  if (knownMs !== undefined && seenMs !== undefined && seenMs < knownMs) return;
  leases[name] = { metadata: { name }, spec: { renewTime } };
}

/**
 * The nodes to read again before a monitor pass judges them: of those the snapshot would have it
 * lose (turn Unknown), the ones whose heartbeat-only report came after the snapshot read them
 * (nodeNoticeWork). Their new heartbeat refreshes the probe as upstream's cache would have, so a node
 * is never lost on a heartbeat the host heard of but did not read. The probe is then taken when read
 * rather than when the report came: a node that stops reporting while its Lease is not renewed (a
 * renewing Lease refreshes the probe every 10 s itself) turns Unknown later than upstream's by less
 * than the grace (nodeMonitorGracePeriod, 50 s), or by the time to the next relist if that is sooner.
 * @example rereadBeforeLosing(['n1', 'n2'], new Map([['n2', '12'], ['n3', '14']])) // ['n2']
 */
export function rereadBeforeLosing(lost: readonly string[], heartbeatUnread: ReadonlyMap<string, string>): string[] {
  return lost.filter((name) => heartbeatUnread.has(name));
}

/**
 * Whether a read of a node (its resourceVersion `readRv`) saw the report a notice announced (`noticeRv`):
 * a read answered after a notice it crossed may be older, and must not clear the unread heartbeat. Both
 * come from one store's counter (decimal); anything else is not known to cover it, and the mark stays
 * until a read that does.
 * @example readCovers('12', '11') === true; readCovers('11', '12') === false
 */
export function readCovers(readRv: string | undefined, noticeRv: string): boolean {
  if (readRv === undefined || !DECIMAL.test(readRv) || !DECIMAL.test(noticeRv)) return false;
  return readRv.length !== noticeRv.length ? readRv.length > noticeRv.length : readRv >= noticeRv;
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;
