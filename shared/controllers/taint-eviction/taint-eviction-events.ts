import type { Event } from 'kubernetes-types/core/v1';
import { makeEvent } from '../events';

/** The `source.component` of the taint eviction controller's events (SeparateTaintEvictionController, on in 1.32). */
export const TAINT_EVICTION_COMPONENT = 'taint-eviction-controller';

const podRef = (namespace: string, name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } });

/** emitPodDeletionEvent: Normal TaintManagerEviction "Marking for deletion Pod <ns>/<name>". */
export function podDeletionEvent(namespace: string, name: string, now: number, seq = 0): Event {
  return makeEvent(podRef(namespace, name), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${namespace}/${name}`, TAINT_EVICTION_COMPONENT, now, seq);
}

/** emitCancelPodDeletionEvent: Normal TaintManagerEviction "Cancelling deletion of Pod <ns>/<name>". */
export function cancelPodDeletionEvent(namespace: string, name: string, now: number, seq = 0): Event {
  return makeEvent(podRef(namespace, name), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${namespace}/${name}`, TAINT_EVICTION_COMPONENT, now, seq);
}
