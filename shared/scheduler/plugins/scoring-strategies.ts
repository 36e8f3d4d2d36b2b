import { MAX_NODE_SCORE } from '../types';
import type { ResourceSpec } from './resource-allocation';

/** A point of the RequestedToCapacityRatio shape; scores are 0..10 (MaxCustomPriorityScore). */
export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

/** Upstream's MaxCustomPriorityScore: shape scores are scaled by MaxNodeScore / 10. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;

/** Scores a node from per-resource requested/allocatable vectors. */
export type Scorer = (requested: number[], allocatable: number[]) => number;

const idiv = (a: number, b: number) => Math.trunc(a / b);

/** leastResourceScorer: Σ w·(cap−req)·100/cap / Σw, integer arithmetic. */
export function leastAllocated(resources: ResourceSpec[]): Scorer {
  return (requested, allocatable) => {
    let score = 0;
    let weights = 0;
    for (let i = 0; i < requested.length; i++) {
      const cap = allocatable[i]!;
      if (cap === 0) continue;
      const req = requested[i]!;
      const w = resources[i]!.weight;
      score += (req > cap ? 0 : idiv((cap - req) * MAX_NODE_SCORE, cap)) * w;
      weights += w;
    }
    return weights === 0 ? 0 : idiv(score, weights);
  };
}

/** mostResourceScorer: Σ w·min(req,cap)·100/cap / Σw. */
export function mostAllocated(resources: ResourceSpec[]): Scorer {
  return (requested, allocatable) => {
    let score = 0;
    let weights = 0;
    for (let i = 0; i < requested.length; i++) {
      const cap = allocatable[i]!;
      if (cap === 0) continue;
      const req = Math.min(requested[i]!, cap);
      const w = resources[i]!.weight;
      score += idiv(req * MAX_NODE_SCORE, cap) * w;
      weights += w;
    }
    return weights === 0 ? 0 : idiv(score, weights);
  };
}

/** helper.BuildBrokenLinearFunction over an increasing shape. */
export function brokenLinear(shape: UtilizationShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i]!.utilization) {
        if (i === 0) return shape[0]!.score;
        const a = shape[i - 1]!;
        const b = shape[i]!;
        return a.score + idiv((b.score - a.score) * (p - a.utilization), b.utilization - a.utilization);
      }
    }
    return shape[shape.length - 1]!.score;
  };
}

/** requestedToCapacityRatioScorer: utilization through the shape (scores ×10), weighted, rounded. */
export function requestedToCapacityRatio(resources: ResourceSpec[], shape: UtilizationShapePoint[]): Scorer {
  const f = brokenLinear(shape.map((p) => ({ utilization: p.utilization, score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE) })));
  const resourceScore = (req: number, cap: number) => (cap === 0 || req > cap ? f(100) : f(idiv(req * 100, cap)));
  return (requested, allocatable) => {
    let score = 0;
    let weights = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const w = resources[i]!.weight;
      const s = resourceScore(requested[i]!, allocatable[i]!);
      if (s > 0) {
        score += s * w;
        weights += w;
      }
    }
    return weights === 0 ? 0 : goRound(score / weights);
  };
}

/** math.Round: halves away from zero. */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** balancedResourceScorer: 1 − std of the utilization fractions (two resources: |f1−f2|/2), × 100. */
export function balancedAllocation(requested: number[], allocatable: number[]): number {
  const fr: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const f = Math.min(requested[i]! / allocatable[i]!, 1);
    total += f;
    fr.push(f);
  }
  let std = 0;
  if (fr.length === 2) std = Math.abs((fr[0]! - fr[1]!) / 2);
  else if (fr.length > 2) {
    const mean = total / fr.length;
    let sum = 0;
    for (const f of fr) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fr.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}
