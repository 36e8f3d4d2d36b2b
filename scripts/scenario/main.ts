// What scripts/scenario.mjs loads: the pure parser and plan (shared/scenario) and the runner.
export { formatScenarioErrors, parseScenario, planLines } from '../../shared/scenario';
export { runScenario } from './run';
export { tokenForServer } from '../../shared/client/kubeconfig';
