import type { HorizontalPodAutoscalerBehavior, HPAScalingPolicy, HPAScalingRules } from 'kubernetes-types/autoscaling/v2';
import { DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP } from '../../defaults/hpa-defaults';

/** Scaling rules with every field the controller reads filled in. */
export interface ScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: HPAScalingPolicy[];
}

/** Both directions' rules of an HPA that has `behavior`. */
export interface ScalingBehavior {
  scaleUp: ScalingRules;
  scaleDown: ScalingRules;
}

/**
 * GenerateHPAScaleUpRules / GenerateHPAScaleDownRules (autoscaling/v2 defaults) plus the
 * controller's maybeInitScaleDownStabilizationWindow: fields the user set win over the defaults, and
 * an unset scale-down window is the controller's --horizontal-pod-autoscaler-downscale-stabilization.
 */
export function scalingBehavior(behavior: HorizontalPodAutoscalerBehavior | undefined, downscaleStabilizationWindowSeconds: number): ScalingBehavior {
  return {
    scaleUp: fill(behavior?.scaleUp, DEFAULT_SCALE_UP, 0),
    scaleDown: fill(behavior?.scaleDown, DEFAULT_SCALE_DOWN, downscaleStabilizationWindowSeconds),
  };
}

function fill(rules: HPAScalingRules | undefined, defaults: HPAScalingRules, window: number): ScalingRules {
  return {
    stabilizationWindowSeconds: rules?.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds ?? window,
    selectPolicy: (rules?.selectPolicy ?? defaults.selectPolicy ?? 'Max') as ScalingRules['selectPolicy'],
    policies: structuredClone(rules?.policies ?? defaults.policies ?? []),
  };
}
