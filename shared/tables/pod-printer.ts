// Port of upstream printPod (pkg/printers/internalversion/printers.go).
import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns';
import { humanDuration } from './human-duration';
import { parseTime, age } from './timestamps';
import { int, str } from './format';
import type { Printer, PrintedRow, TableRowCondition } from './types';

const SUCCEEDED: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const FAILED: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

/** Columns and cells for v1 Pod: NAME READY STATUS RESTARTS AGE | IP NODE NOMINATED NODE READINESS GATES. */
export const podPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', { text: 'The aggregate readiness state of this pod for accepting traffic.' }),
    column('Status', 'string', { text: 'The aggregate status of the containers in this pod.' }),
    column('Restarts', 'string', {
      text: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    }),
    AGE_COLUMN,
    column('IP', 'string', 'PodStatus.podIP', { priority: 1 }),
    column('Node', 'string', 'PodSpec.nodeName', { priority: 1 }),
    column('Nominated Node', 'string', 'PodStatus.nominatedNodeName', { priority: 1 }),
    column('Readiness Gates', 'string', 'PodSpec.readinessGates', { priority: 1 }),
  ],
  print: (obj, now) => printPod(obj as Pod, now),
};

const isRestartable = (c: Container | undefined): boolean => c?.restartPolicy === 'Always';

/** Tracks the restart count and the latest `lastState.terminated.finishedAt` of a set of containers. */
class Restarts {
  count = 0;
  last: number | undefined;
  add(s: ContainerStatus): void {
    this.count += int(s.restartCount);
    const finished = parseTime(s.lastState?.terminated?.finishedAt);
    if (finished !== undefined && (this.last === undefined || this.last < finished)) this.last = finished;
  }
}

function printPod(pod: Pod, now: number): PrintedRow {
  const spec = pod.spec ?? { containers: [] };
  const status: PodStatus = pod.status ?? {};
  const phase = str(status.phase);
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let reason = status.reason ? status.reason : phase;

  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initContainers = new Map<string, Container>();
  for (const c of spec.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isRestartable(c)) totalContainers++;
  }

  let all = new Restarts();
  const sidecars = new Restarts();
  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    all.add(c);
    const sidecar = isRestartable(initContainers.get(c.name));
    if (sidecar) sidecars.add(c);
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && int(terminated.exitCode) === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      if (!terminated.reason) {
        reason = int(terminated.signal) !== 0 ? `Init:Signal:${int(terminated.signal)}` : `Init:ExitCode:${int(terminated.exitCode)}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status.conditions, 'Initialized')) {
    // Once initialised, only sidecar restarts count alongside the regular containers'.
    all = sidecars;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Backwards, so the first container's state decides the reason.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      all.add(c);
      const waiting = c.state?.waiting;
      const terminated = c.state?.terminated;
      if (waiting && waiting.reason) {
        reason = waiting.reason;
      } else if (terminated && terminated.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = int(terminated.signal) !== 0 ? `Signal:${int(terminated.signal)}` : `ExitCode:${int(terminated.exitCode)}`;
      } else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(status.conditions, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const deleting = pod.metadata?.deletionTimestamp !== undefined && pod.metadata?.deletionTimestamp !== null;
  if (deleting && status.reason === 'NodeLost') {
    reason = 'Unknown';
  } else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating';
  }

  let restarts = String(all.count);
  if (all.count !== 0 && all.last !== undefined) {
    restarts = `${all.count} (${humanDuration(now - all.last)} ago)`;
  }

  // v1→internal conversion fills podIPs from the legacy podIP field.
  const podIP = status.podIPs?.[0]?.ip || status.podIP || '<none>';
  let readinessGates = '<none>';
  const gates = spec.readinessGates ?? [];
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const gate of gates) {
      const cond = (status.conditions ?? []).find((c) => c.type === gate.conditionType);
      if (cond?.status === 'True') trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }

  const row: PrintedRow = {
    cells: [
      pod.metadata?.name ?? '',
      `${readyContainers}/${totalContainers}`,
      reason,
      restarts,
      age(pod, now),
      podIP,
      spec.nodeName || '<none>',
      status.nominatedNodeName || '<none>',
      readinessGates,
    ],
  };
  if (phase === 'Succeeded') row.conditions = SUCCEEDED;
  if (phase === 'Failed') row.conditions = FAILED;
  return row;
}

// The first condition of the type decides (isPodInitializedConditionTrue); for Ready any True one
// counts (hasPodReadyCondition) — the same answer for well-formed pods.
function conditionTrue(conditions: PodCondition[] | undefined, type: string): boolean {
  return (conditions ?? []).find((c) => c.type === type)?.status === 'True';
}
