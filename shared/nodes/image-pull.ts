import { BACKOFF_INITIAL_MS, BACKOFF_MAX_MS } from './container-run';
import { normalizeImage } from './images';
import { POD_SYNC_RETRY_MS } from './container-config';

/**
 * Words that make the simulated registry answer "not found" when a reference's tag or repository name
 * is, or has as a `-`/`_`/`.`-separated part, one of them: `nginx:does-not-exist`, `me/nonexistent-app`,
 * `registry.k8s.io/invalid-image:invalid-tag` (the image upstream's e2e tests use for pull failures).
 */
const MISSING_WORDS = /(?:^|[-_.])(?:does-?not-?exist|non-?existent|not-?found|invalid)(?:[-_.]|$)/;

/**
 * Whether the simulated registry lacks `image`: its tag or repository name says so (MISSING_WORDS),
 * or `missingImages` lists it — an entry is a reference (`nginx:1.99`) or a repository, every tag of
 * which is missing (`registry.example.com/team/app`); short names are normalised as containerd does.
 *
 * @example imageMissing('nginx:does-not-exist') // true
 * @example imageMissing('nginx:1.99', ['nginx:1.99']) // true
 */
export function imageMissing(image: string, missingImages: string[] = []): boolean {
  const ref = normalizeImage(image);
  const repository = repositoryOf(ref);
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  const tag = ref.includes('@') ? '' : ref.slice(repository.length + 1);
  if (MISSING_WORDS.test(name) || MISSING_WORDS.test(tag)) return true;
  return missingImages.some((m) => {
    if (typeof m !== 'string' || !m) return false; // a malformed pool entry names nothing
    const entry = normalizeImage(m);
    return entry === ref || (!/[:@]/.test(m.slice(m.lastIndexOf('/') + 1)) && repositoryOf(entry) === repository);
  });
}

function repositoryOf(normalized: string): string {
  const at = normalized.indexOf('@');
  if (at >= 0) return normalized.slice(0, at);
  return normalized.slice(0, normalized.lastIndexOf(':'));
}

/** containerd's answer for a reference its registry does not have, as the kubelet reports it (ErrImagePull's message). */
export function pullNotFoundMessage(image: string): string {
  const ref = normalizeImage(image);
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
}

/** A container whose image could not be had: what its status says and the image back-off entry (flowcontrol.Backoff). */
export interface PullFailure {
  reason: 'ErrImagePull' | 'ImagePullBackOff' | 'InvalidImageName';
  message: string;
  /** The back-off entry: its current duration and when it was last advanced (the last failed pull). */
  backoffMs: number;
  failedAt: number;
  /** A retried pull is under way (the status keeps the last sync's reason until it ends). */
  retrying?: boolean;
}

/** An event the image manager or kuberuntime records for the container. */
export interface PullEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/**
 * A pull of `image` failed at `at`: the events, the failure (the back-off entry advanced as
 * flowcontrol.Backoff.Next does — 10 s, doubled each time up to 300 s, reset after 600 s without a
 * failure) and when the pod worker syncs the pod next: at once after the first failure (the new
 * sandbox's PLEG event, within the 1 s relist), else after the pod worker's 10 s error back-off.
 */
export function pullFailed(prev: PullFailure | undefined, image: string, at: number): { failure: PullFailure; events: PullEvent[]; nextSyncAt: number } {
  const fresh = !prev || prev.reason === 'InvalidImageName' || at - prev.failedAt > 2 * BACKOFF_MAX_MS;
  const backoffMs = fresh ? BACKOFF_INITIAL_MS : Math.min(prev!.backoffMs * 2, BACKOFF_MAX_MS);
  const message = pullNotFoundMessage(image);
  return {
    failure: { reason: 'ErrImagePull', message, backoffMs, failedAt: at },
    events: [
      { type: 'Warning', reason: 'Failed', message: `Failed to pull image "${image}": ${message}` },
      { type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull' },
    ],
    nextSyncAt: prev ? at + POD_SYNC_RETRY_MS : at + 1000,
  };
}

/**
 * A pod sync at `at` after a failed pull: still in back-off (IsInBackOffSinceUpdate) → ImagePullBackOff,
 * its events when the status changes to it, the next sync in 10 s; undefined when the pull is due again.
 * Upstream records the BackOff event at every sync in back-off (aggregated into a count); here once
 * per back-off period.
 */
export function pullBackOff(failure: PullFailure, image: string, at: number): { failure: PullFailure; events: PullEvent[]; nextSyncAt: number } | undefined {
  if (at - failure.failedAt >= failure.backoffMs) return undefined;
  const message = `Back-off pulling image "${image}"`;
  const events: PullEvent[] = failure.reason === 'ImagePullBackOff' ? [] : [
    { type: 'Normal', reason: 'BackOff', message },
    { type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff' },
  ];
  return { failure: { ...failure, reason: 'ImagePullBackOff', message }, events, nextSyncAt: at + POD_SYNC_RETRY_MS };
}

/** A reference the kubelet cannot parse: InspectFailed, then kuberuntime's Failed; the container waits as InvalidImageName. */
export function invalidImage(message: string, at: number): { failure: PullFailure; events: PullEvent[] } {
  return {
    failure: { reason: 'InvalidImageName', message, backoffMs: 0, failedAt: at },
    events: [
      { type: 'Warning', reason: 'InspectFailed', message },
      { type: 'Warning', reason: 'Failed', message: 'Error: InvalidImageName' },
    ],
  };
}
