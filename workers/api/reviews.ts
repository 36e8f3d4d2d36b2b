import { ApiError } from '../../shared/api/errors';
import type { KubeObject } from '../../shared/api/object';
import { json, readObject } from './http';

/** Who every client is: Kubeflare has no authentication, so every request acts as a cluster admin. */
const USER = { username: 'kubeflare-admin', groups: ['system:masters', 'system:authenticated'] };
const ALLOWED = 'Kubeflare has no authorization configured: every request is allowed';

/**
 * The self-reviews kubectl sends (`auth can-i`, `auth can-i --list`, `auth whoami`), answered as
 * an API server with AlwaysAllow authorization and no authentication would: allowed, as admin.
 */
export async function serveReview(request: Request, kind: string): Promise<Response> {
  if (request.method !== 'POST') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const body = (await readObject(request)) as KubeObject & { spec?: Record<string, unknown> };
  const base = { ...body, metadata: { ...(body.metadata ?? {}), creationTimestamp: null } };
  switch (kind) {
    case 'selfsubjectaccessreviews':
      return json({ ...base, kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', status: { allowed: true, reason: ALLOWED } }, 201);
    case 'selfsubjectrulesreviews':
      return json(
        {
          ...base,
          kind: 'SelfSubjectRulesReview',
          apiVersion: 'authorization.k8s.io/v1',
          status: {
            resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
            nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
            incomplete: false,
          },
        },
        201,
      );
    case 'selfsubjectreviews':
      return json({ ...base, kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', status: { userInfo: USER } }, 201);
  }
  throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}
