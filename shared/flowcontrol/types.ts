// The flowcontrol.apiserver.k8s.io/v1 kinds and upstream's well-known names and limits
// (k8s.io/api/flowcontrol/v1 types.go).
import type { FlowSchema, PriorityLevelConfiguration } from 'kubernetes-types/flowcontrol/v1';

export type { FlowSchema, PriorityLevelConfiguration };

export const FLOWCONTROL_GROUP = 'flowcontrol.apiserver.k8s.io';
export const FLOWCONTROL_API_VERSION = `${FLOWCONTROL_GROUP}/v1`;

/** The annotation upstream's configuration producer reads to decide whether it may rewrite an object's spec. */
export const AUTO_UPDATE_ANNOTATION = 'apf.kubernetes.io/autoupdate-spec';

export const EXEMPT = 'exempt';
export const CATCH_ALL = 'catch-all';

/** FlowSchemaMaxMatchingPrecedence. */
export const MAX_MATCHING_PRECEDENCE = 10000;

/**
 * The server's concurrency limit in seats. Upstream derives it from kube-apiserver's
 * --max-requests-inflight (400) + --max-mutating-requests-inflight (200); Kubeflare has no such
 * flags and keeps upstream's defaults, so the bootstrap levels get upstream's nominal limits
 * (catch-all 13, system 74, node-high 98, leader-election 25, workload-high 98, workload-low 245,
 * global-default 49).
 */
export const SERVER_CONCURRENCY_LIMIT = 600;

/** The headers upstream sets on every classified response, served or rejected. */
export const FLOW_SCHEMA_UID_HEADER = 'X-Kubernetes-PF-FlowSchema-UID';
export const PRIORITY_LEVEL_UID_HEADER = 'X-Kubernetes-PF-PriorityLevel-UID';
