import type { Demand, WorkloadProfile } from '../nodes/workload-profile';
import type { Scenario } from './scenario-types';

/**
 * The load steps of a scenario as one step curve per WorkloadProfile, on the cluster clock
 * (`clock: wall` counts seconds since the epoch in cluster time). Written once at t = 0, the curve
 * changes the load at exactly the cluster time each step names, however late the runner is, and
 * an advance of the clock skips over steps as it would over real traffic. Before the first step the
 * profile keeps its declared rate (a constant; anything else counts as 0).
 * @example loadCurves(scenario, t0)['web'] // { type: 'step', clock: 'wall', steps: [...] }
 */
export function loadCurves(scenario: Scenario, t0Ms: number): Record<string, Demand> {
  const out: Record<string, Demand & { type: 'step' }> = {};
  for (const step of scenario.steps) {
    if (!('load' in step)) continue;
    const { profile, requestsPerSecond } = step.load;
    out[profile] ??= { type: 'step', clock: 'wall', steps: [{ at: 0, value: declaredRate(scenario, profile) }] };
    out[profile].steps.push({ at: (t0Ms + step.at) / 1000, value: requestsPerSecond });
  }
  return out;
}

/** The requests per second a scenario's WorkloadProfile declares, when constant. */
function declaredRate(scenario: Scenario, profile: string): string | number {
  const p = scenario.objects.find((o) => o.kind === 'WorkloadProfile' && o.metadata.name === profile) as WorkloadProfile | undefined;
  const d = p?.spec?.load?.requestsPerSecond;
  return d?.type === 'constant' ? d.value : 0;
}
