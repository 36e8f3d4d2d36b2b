import type { Pod } from 'kubernetes-types/core/v1';
import type { Env } from '../../platform/env';
import { namespaceStore, storeStub } from '../../platform/stores';
import { issueToken } from './auth-token-request';
import { SERVICE_ACCOUNT_DEF } from '../../shared/api/resource-defs';

/**
 * The token the kubelet would have written into the pod's kube-api-access volume: its
 * ServiceAccount's, bound to the pod (so it dies with it), for the projection's lifetime (3607 s as
 * admission sets it) and the API's audience. Undefined when the ServiceAccount is gone (upstream's
 * kubelet fails the mount then). Minted on each read: the kubelet rotates it well before expiry anyway.
 */
export async function podServiceAccountToken(env: Env, pod: Pod): Promise<string | undefined> {
  const namespace = pod.metadata?.namespace ?? '';
  const name = pod.spec?.serviceAccountName || 'default';
  const sa = await storeStub(env, namespaceStore(namespace)).get(SERVICE_ACCOUNT_DEF, name);
  if (!sa.ok) return undefined;
  const source = (pod.spec?.volumes ?? []).flatMap((v) => v.projected?.sources ?? []).find((s) => s.serviceAccountToken)?.serviceAccountToken;
  const { token } = await issueToken(env, {
    namespace,
    name,
    uid: sa.value.metadata.uid,
    expirationSeconds: source?.expirationSeconds ?? 3607,
    ...(source?.audience ? { audiences: [source.audience] } : {}),
    bound: { pod: { name: pod.metadata?.name ?? '', uid: pod.metadata?.uid ?? '' } },
  });
  return token;
}
