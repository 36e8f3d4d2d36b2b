/**
 * The bottom layer: what the Worker and the Durable Objects both stand on (bindings, store names
 * and stubs, the cluster client, logging, the cluster clock). It imports neither of them.
 */

/** Bindings of the Worker and its Durable Objects (wrangler.toml). */
export interface Env {
  /** ObjectStore: one per namespace (`ns:<name>`) and one for cluster-scoped objects (`cluster`). */
  STORE: DurableObjectNamespace;
  /** ControllerHost: one per controller (`<name>`, or `<name>#<shard>` for sharded ones). */
  CONTROLLERS: DurableObjectNamespace;
  /** FlowControlLevel: one per API Priority and Fairness priority level (its name). */
  FLOW_CONTROL: DurableObjectNamespace;
  /** Log level: 'debug' | 'info' | 'warn' | 'error'. */
  LOG_LEVEL?: string;
  /** Host names the API answers (comma-separated, `*` for any); unset: no Host check. Set by `npm run dev`. */
  ALLOWED_HOSTS?: string;
  /** `off` turns authentication and authorization off (every request acts as a cluster admin); anything else: on. */
  AUTH_MODE?: string;
  /** The admin's bearer token (a Workers secret: `wrangler secret put ADMIN_TOKEN`); hashed on load, never kept. */
  ADMIN_TOKEN?: string;
  /** The admin token's SHA-256 (hex), instead of the token itself (what `npm run dev` passes). */
  ADMIN_TOKEN_SHA256?: string;
  /** More static users: `sha256hex,user,uid[,"group1,group2"]` per line (upstream's token file, tokens hashed). */
  STATIC_TOKENS?: string;
}
