import type { Json } from '../api/object';

/** The signature schemes a WebhookTrigger verifies deliveries with. */
export const SIGNATURE_SCHEMES = ['github', 'standard-webhooks'] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];

/** An object an action acts on, as an HPA's scaleTargetRef names one (name may be a template). */
export interface ActionTarget {
  apiVersion: string;
  kind: string;
  name: string;
}

/**
 * One action of a trigger: exactly one of these is set. Every string in it may hold payload
 * expressions (`{.replicas}`, shared/webhooks/payload-template.ts).
 */
export interface WebhookAction {
  /** Set replicas through the scale subresource (Deployment, StatefulSet, ReplicaSet, scalable custom kinds). */
  scale?: { target: ActionTarget; replicas: number | string };
  /** A JSON merge patch of the target. */
  patch?: { target: ActionTarget; patch: Json };
  /** Server-side apply of a manifest (field manager `webhooktrigger-<name>`). */
  apply?: { manifest: Json; force?: boolean };
  /** Set a WorkloadProfile's load to a constant requests per second. */
  setLoad?: { profile: string; requestsPerSecond: number | string };
  /** Set fault switches of a NodePool: of one node when `node` is given, else of every node. */
  nodeFault?: { pool: string; node?: string; faults: Record<string, boolean | string> };
  /** Move the cluster clock forward by a Go duration (ClusterClock spec.advance). */
  advanceClock?: { by: string };
}

export const ACTION_TYPES = ['scale', 'patch', 'apply', 'setLoad', 'nodeFault', 'advanceClock'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export interface WebhookRateLimit {
  /** Deliveries per minute the bucket refills with. */
  deliveriesPerMinute: number;
  /** How many deliveries may arrive at once (the bucket's size). */
  burst?: number;
}

export interface WebhookTriggerSpec {
  /** The Secret key (in the trigger's namespace) holding the shared secret. */
  secretRef: { name: string; key: string };
  signature: SignatureScheme;
  /** Deliveries act as this ServiceAccount of the trigger's namespace: its RBAC bounds them. */
  serviceAccountName: string;
  rateLimit?: WebhookRateLimit;
  actions: WebhookAction[];
  /** Where the result of each delivery that ran is POSTed, signed as Standard Webhooks (shared/webhooks/notification.ts). */
  notify?: { url: string; secretRef: { name: string; key: string } };
}

/** What became of one delivery. */
export interface DeliveryRecord {
  /** The delivery id (X-GitHub-Delivery or webhook-id), when one was sent. */
  id?: string;
  /** Cluster time it arrived (RFC 3339). */
  time: string;
  result: 'Delivered' | 'Rejected' | 'Failed';
  /** Why it was rejected or failed (a DeliveryReason). */
  reason?: string;
  /** The HTTP status the sender was answered with. */
  code: number;
  message: string;
}

export interface WebhookTriggerStatus {
  accepted?: number;
  rejected?: number;
  failed?: number;
  /** Rejections and failures by reason. */
  rejectedByReason?: Record<string, number>;
  lastDelivery?: DeliveryRecord;
}

export interface WebhookTrigger {
  apiVersion: 'kubeflare.dev/v1alpha1';
  kind: 'WebhookTrigger';
  metadata: { name: string; namespace: string; uid?: string; resourceVersion?: string; [k: string]: unknown };
  spec: WebhookTriggerSpec;
  status?: WebhookTriggerStatus;
}

/** Where deliveries for a trigger are POSTed. */
export function deliveryPath(namespace: string, name: string): string {
  return `/webhooks/namespaces/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}
