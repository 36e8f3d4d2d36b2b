import type { Plugin } from '../framework';
import { status, type HostPort } from '../types';
import { tolerated } from './taints';

/** NodeName: a pod with spec.nodeName only fits that node. */
export function nodeName(): Plugin {
  return {
    name: 'NodeName',
    filter(ctx, n) {
      const want = ctx.pod.spec?.nodeName;
      if (!want || want === n.name) return null;
      return status('UnschedulableAndUnresolvable', "node(s) didn't match the requested node name");
    },
  };
}

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' } as const;

/** NodeUnschedulable: cordoned nodes reject pods that do not tolerate node.kubernetes.io/unschedulable:NoSchedule. */
export function nodeUnschedulable(): Plugin {
  return {
    name: 'NodeUnschedulable',
    filter(ctx, n) {
      if (!n.node.spec?.unschedulable) return null;
      if (tolerated(ctx.pod.spec?.tolerations ?? [], UNSCHEDULABLE_TAINT)) return null;
      return status('UnschedulableAndUnresolvable', 'node(s) were unschedulable');
    },
  };
}

/** HostPortInfo.CheckConflict: same protocol and port, and the IPs equal or either is 0.0.0.0. */
export function portsConflict(used: HostPort[], wanted: HostPort[]): boolean {
  for (const w of wanted) {
    for (const u of used) {
      if (u.port !== w.port || u.protocol !== w.protocol) continue;
      if (u.ip === w.ip || u.ip === '0.0.0.0' || w.ip === '0.0.0.0') return true;
    }
  }
  return false;
}

/** NodePorts: a requested hostPort must be free on the node. */
export function nodePorts(): Plugin {
  return {
    name: 'NodePorts',
    preFilter: (ctx) => (ctx.podInfo.hostPorts.length === 0 ? status('Skip') : null),
    filter(ctx, n) {
      if (!portsConflict(n.usedPorts, ctx.podInfo.hostPorts)) return null;
      return status('Unschedulable', "node(s) didn't have free ports for the requested pod ports");
    },
  };
}

/** PrioritySort: higher spec.priority first, then earlier enqueue time. */
export function prioritySort(): Plugin {
  return {
    name: 'PrioritySort',
    less: (a, b) => a.priority > b.priority || (a.priority === b.priority && a.timestamp < b.timestamp),
  };
}

/** DefaultBinder: the Binding object to POST to pods/<name>/binding. */
export function defaultBinder(): Plugin {
  return {
    name: 'DefaultBinder',
    bind(ctx, node) {
      const m = ctx.pod.metadata ?? {};
      return {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: m.name, namespace: m.namespace ?? 'default', ...(m.uid ? { uid: m.uid } : {}) },
        target: { kind: 'Node', name: node },
      };
    },
  };
}

/** SchedulingGates lives in the queue (PreEnqueue); as a plugin it does nothing in the cycle. */
export function schedulingGates(): Plugin {
  return { name: 'SchedulingGates' };
}
