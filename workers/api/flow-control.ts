import type { Env } from '../../platform/env';
import type { RequestInfo, UserInfo } from '../../shared/auth';
import { flowConfig } from './flow-control-config';

/**
 * API Priority and Fairness on the request path (the FlowControl seam of auth.ts): the bootstrap
 * configuration exists from the first request on.
 */
export async function apfFlowControl(env: Env, _user: UserInfo, _info: RequestInfo): Promise<void> {
  await flowConfig(env);
}
