import type { Pod } from 'kubernetes-types/core/v1';
import { hexDigest } from '../nodes/hash';
import type { SimEvent } from '../nodes/node-conditions';
import { podBandwidth } from './pod-bandwidth';

export const FAILED_CREATE_POD_SANDBOX = 'FailedCreatePodSandBox';

/** How often the kubelet retries a pod whose sandbox failed (its pod worker's backOffPeriod). */
export const SANDBOX_RETRY_MS = 10_000;

/** libcni's wrapping of a failed ADD in the flannel plugin, around flannel's `failed to delegate add` (the bridge plugin's or host-local's error). */
export function cniAddError(delegateError: string): string {
  return `plugin type="flannel" failed (add): failed to delegate add: ${delegateError}`;
}

/**
 * Why containerd cannot even call CNI for `pod`: its bandwidth annotations do not parse or are out of range
 * (cniNamespaceOpts → toCNIBandWidth), so `get cni namespace options: reading pod bandwidth annotations: …`.
 */
export function sandboxOptionsError(pod: Pod): string | undefined {
  const bw = podBandwidth(pod);
  return 'error' in bw ? `get cni namespace options: reading pod bandwidth annotations: ${bw.error}` : undefined;
}

/**
 * A failed sandbox network setup as the kubelet reports it: containerd wraps the error with the sandbox it could
 * not set up, and the kubelet posts a Warning FailedCreatePodSandBox on the pod. The sandbox ID is new on every
 * attempt, as containerd's are; `attempt` tells them apart.
 * @example sandboxFailureEvent(pod, cniAddError('failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.2'), now, 'a1').message
 * // 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "…": plugin type="flannel" failed (add): failed to delegate add: failed to allocate for range 0: …'
 */
export function sandboxFailureEvent(pod: Pod, error: string, now: number, attempt: string): SimEvent {
  const sandbox = hexDigest(`sandbox:${pod.metadata?.uid ?? ''}:${attempt}`);
  return {
    type: 'Warning',
    reason: FAILED_CREATE_POD_SANDBOX,
    message: `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${sandbox}": ${error}`,
    atMs: now,
  };
}
