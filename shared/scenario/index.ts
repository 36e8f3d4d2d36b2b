/** Scenarios: rehearsals scripted as YAML (scenarios/*.yaml), run by `npm run scenario` (scripts/scenario/). */
export * from './scenario-types';
export * from './parse-scenario';
export * from './load-curve';
export * from './observe';
export * from './timeline-format';
export * from './summary';
export * from './plan';
