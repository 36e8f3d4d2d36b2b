import type { Pod } from 'kubernetes-types/core/v1';
import { hexDigest } from '../nodes/hash';
import type { SimEvent } from '../nodes/node-conditions';

export const FAILED_CREATE_POD_SANDBOX = 'FailedCreatePodSandBox';

/** How often the kubelet retries a pod whose sandbox failed (its pod worker's backOffPeriod). */
export const SANDBOX_RETRY_MS = 10_000;

/**
 * A failed CNI ADD as the kubelet reports it: containerd wraps the plugin chain's error (libcni's
 * `plugin type="flannel" failed (add)`, flannel's `failed to delegate add` around the bridge plugin's host-local
 * error) with the sandbox it could not set up, and the kubelet posts it as a Warning FailedCreatePodSandBox on
 * the pod. The sandbox ID is new on every attempt, as containerd's are; `attempt` tells them apart.
 * @example sandboxFailureEvent(pod, 'failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.2', now, 'a1').message
 * // 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "…": plugin type="flannel" failed (add): failed to delegate add: failed to allocate for range 0: …'
 */
export function sandboxFailureEvent(pod: Pod, cniError: string, now: number, attempt: string): SimEvent {
  const sandbox = hexDigest(`sandbox:${pod.metadata?.uid ?? ''}:${attempt}`);
  return {
    type: 'Warning',
    reason: FAILED_CREATE_POD_SANDBOX,
    message: `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${sandbox}": plugin type="flannel" failed (add): failed to delegate add: ${cniError}`,
    atMs: now,
  };
}
