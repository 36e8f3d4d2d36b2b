export { applyDefaults, applyDefaultsInPlace, hasDefaults, type DefaultsOptions } from './apply-defaults';
export { applyPodAdmissionDefaults, DEFAULT_TOLERATION_KEYS, type PodAdmissionOptions } from './pod-admission';
export { defaultImagePullPolicy, imageTag } from './image-pull-policy';
export { DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP } from './hpa-defaults';
