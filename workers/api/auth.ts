import type { Env } from '../../platform/env';
import { ALL_UNAUTHENTICATED, ANONYMOUS, unauthorized, type RequestInfo, type UserInfo } from '../../shared/auth';
import { ADMIN_USER, authConfig } from './auth-config';
import { authenticateRequest, isPublicPath } from './auth-authenticate';
import { authorizeRequest, impersonatedUser, requestInfoOf } from './auth-authorize';
import { ensureBootstrapPolicy } from './auth-policy';
import { isWebhookDeliveryPath } from './webhook-delivery';

const ANONYMOUS_USER: UserInfo = { username: ANONYMOUS, groups: [ALL_UNAUTHENTICATED] };

const users = new WeakMap<Request, UserInfo>();

/** Who a request acts as, once the guard has let it through (after impersonation). */
export function requestUser(request: Request): UserInfo {
  const user = users.get(request);
  if (!user) throw new Error('requestUser: the request did not pass the auth guard');
  return user;
}

/**
 * A seam for API Priority and Fairness: called with who the request acts as and what it asks,
 * after authentication and impersonation and before authorization, where upstream's handler chain
 * runs flow control. Returns when the request may proceed; a flow-control implementation throws a
 * 429 ApiError to reject, or delays to queue (workers/api/flow-control.ts, keyed by `request`).
 */
export type FlowControl = (env: Env, user: UserInfo, info: RequestInfo, request?: Request) => Promise<void>;
let flowControl: FlowControl = async () => {};

/** Installs the flow-control hook (see FlowControl). */
export function setFlowControl(fc: FlowControl): void {
  flowControl = fc;
}

/**
 * The one auth step of the request path: authenticate (401), impersonate (403), flow control,
 * authorize (403). With AUTH_MODE=off every request acts as the admin, as before authentication
 * existed. Unauthenticated requests may read only the public paths (probes, version, dashboard).
 */
export async function authGuard(request: Request, env: Env): Promise<void> {
  const config = await authConfig(env);
  const info = requestInfoOf(request);
  // a webhook delivery's signature is its authentication, checked by its handler (webhook-delivery.ts)
  if (isWebhookDeliveryPath(request.method, info.path)) {
    users.set(request, ANONYMOUS_USER);
    return flowControl(env, ANONYMOUS_USER, info, request);
  }
  if (!config.enabled) {
    users.set(request, ADMIN_USER);
    return flowControl(env, ADMIN_USER, info, request);
  }
  // the bootstrap roles exist from the first request on, whoever sends it (once per isolate)
  await ensureBootstrapPolicy(env);
  const authenticated = await authenticateRequest(env, request);
  if (isPublicPath(request.method, info.path)) {
    users.set(request, authenticated ?? ANONYMOUS_USER);
    // probes are exempt by the bootstrap schemas; other public paths share global-default
    return flowControl(env, authenticated ?? ANONYMOUS_USER, info, request);
  }
  if (!authenticated) throw unauthorized();
  const user = await impersonatedUser(env, authenticated, request.headers);
  await flowControl(env, user, info, request);
  await authorizeRequest(env, user, info);
  users.set(request, user);
}
