import type { Event, Node } from 'kubernetes-types/core/v1';
import { makeEvent } from '../events';
import { NODE_CONTROLLER_COMPONENT } from './config';

/** The object reference upstream's node events carry (no namespace, no resourceVersion). */
const nodeRef = (node: Node) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: node.metadata?.name, uid: node.metadata?.uid } });

/** RecordNodeStatusChange: Normal `<status>`, "Node <name> status is now: <status>" (NodeNotReady). */
export function nodeStatusChangeEvent(node: Node, status: string, now: number, seq = 0): Event {
  const name = node.metadata?.name ?? '';
  return makeEvent(nodeRef(node), 'Normal', status, `Node ${name} status is now: ${status}`, NODE_CONTROLLER_COMPONENT, now, seq);
}

/** RecordNodeEvent: "Node <name> event: <message>" (RegisteredNode, RemovingNode). */
export function nodeEvent(node: Node, reason: string, message: string, now: number, seq = 0): Event {
  const name = node.metadata?.name ?? '';
  return makeEvent(nodeRef(node), 'Normal', reason, `Node ${name} event: ${message}`, NODE_CONTROLLER_COMPONENT, now, seq);
}
