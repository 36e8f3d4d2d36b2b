import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { PodRunState } from './pod-lifecycle';
import { nodeImage, normalizeImage } from './images';

/** Stages a container reaches only once its image is on the node. */
const PAST_PULL = new Set(['creating', 'running', 'terminated', 'stopping']);

/**
 * The images this pod's pulls have brought onto its node: those it had to pull (not present when it
 * began) whose pull completed, i.e. a container with that image went on to be created. From then on
 * the node has them, and the next pod with `IfNotPresent` finds them "already present on machine"
 * (the kubelet's image manager sees the runtime's images, not only node.status.images).
 */
export function imagesPulledTo(pod: Pod, state: PodRunState): string[] {
  if (!state.pulled.length) return [];
  const specs = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const done = new Set<string>();
  for (const r of state.containers) {
    if (!PAST_PULL.has(r.stage) && !(r.restartCount > 0)) continue;
    const image = specs.find((c) => c.name === r.name)?.image;
    if (image) done.add(normalizeImage(image));
  }
  return state.pulled.filter((i) => done.has(i));
}

/** `node` with `images` added to status.images where absent: the node as its own kubelet knows it. */
export function withNodeImages(node: Node, images: readonly string[]): Node {
  const missing = images.filter((i) => nodeImage(node, i) === undefined);
  if (!missing.length) return node;
  return { ...node, status: { ...node.status, images: [...(node.status?.images ?? []), ...missing.map((i) => ({ names: [i] }))] } };
}
