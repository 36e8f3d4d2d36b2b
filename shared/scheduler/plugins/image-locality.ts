import type { Plugin } from '../framework';
import { MAX_NODE_SCORE } from '../types';

const MB = 1024 * 1024;
/** Below this total the score is 0 (minThreshold). */
export const IMAGE_MIN_THRESHOLD = 23 * MB;
/** Per-container ceiling (maxContainerThreshold). */
export const IMAGE_MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** normalizedImageName: an image without a tag gets ":latest". */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/** calculatePriority: clamp the summed scaled sizes and map linearly onto 0..100. */
export function imageLocalityPriority(sum: number, numContainers: number): number {
  const max = IMAGE_MAX_CONTAINER_THRESHOLD * numContainers;
  const s = Math.min(Math.max(sum, IMAGE_MIN_THRESHOLD), max);
  return Math.trunc((MAX_NODE_SCORE * (s - IMAGE_MIN_THRESHOLD)) / (max - IMAGE_MIN_THRESHOLD));
}

/** ImageLocality: favours nodes that already have the pod's images, scaled by how widely each image is spread. */
export function imageLocality(): Plugin {
  const key = 'ImageLocality';
  return {
    name: 'ImageLocality',
    preScore(ctx) {
      const spec = ctx.pod.spec;
      const images = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => normalizedImageName(c.image ?? ''));
      ctx.state.set(key, { images } as never);
      return null;
    },
    score(ctx, n) {
      const { images } = ctx.state.get(key) as unknown as { images: string[] };
      if (n.images.size === 0) return imageLocalityPriority(0, images.length);
      const total = ctx.snapshot.nodes.length;
      let sum = 0;
      for (const img of images) {
        const size = n.images.get(img);
        if (size === undefined) continue;
        const spread = (ctx.snapshot.imageNumNodes.get(img) ?? 0) / total;
        sum += Math.trunc(size * spread);
      }
      return imageLocalityPriority(sum, images.length);
    },
  };
}
