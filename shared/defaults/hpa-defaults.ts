import { def, ensure, isObj, type Obj } from './util';

/** The scale-up rules HPA behavior is filled with (GenerateHPAScaleUpRules). */
export const DEFAULT_SCALE_UP = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};

/** The scale-down rules (GenerateHPAScaleDownRules); the window stays unset so the controller flag (300s) applies. */
export const DEFAULT_SCALE_DOWN = {
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

// copyHPAScalingRules: every field the user set wins over the default.
function fill(rules: unknown, defaults: Obj): Obj {
  const out: Obj = structuredClone(defaults);
  if (isObj(rules)) for (const k of ['selectPolicy', 'stabilizationWindowSeconds', 'policies', 'tolerance']) if (rules[k] != null) out[k] = rules[k];
  return out;
}

/**
 * autoscaling/v2 SetDefaults_HorizontalPodAutoscaler: minReplicas 1, metrics default to CPU
 * utilization 80%, and behavior (only when present) filled with the default scaling rules.
 */
export function defaultHorizontalPodAutoscaler(o: Obj): void {
  const spec = ensure(o, 'spec');
  def(spec, 'minReplicas', 1);
  if (!Array.isArray(spec['metrics']) || spec['metrics'].length === 0) {
    spec['metrics'] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  if (isObj(spec['behavior'])) {
    const b = spec['behavior'];
    b['scaleUp'] = fill(b['scaleUp'], DEFAULT_SCALE_UP);
    b['scaleDown'] = fill(b['scaleDown'], DEFAULT_SCALE_DOWN);
  }
}

/** autoscaling/v1 SetDefaults_HorizontalPodAutoscaler: minReplicas 1 (CPU target stays unset; the controller assumes 80%). */
export function defaultHorizontalPodAutoscalerV1(o: Obj): void {
  def(ensure(o, 'spec'), 'minReplicas', 1);
}
