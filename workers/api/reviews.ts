import type { Env } from '../../platform/env';
import { ApiError, badRequest, invalid, type StatusCause } from '../../shared/api/errors';
import type { KubeObject } from '../../shared/api/object';
import { rulesFor, type Attributes, type UserInfo } from '../../shared/auth';
import { invalid as invalidField } from '../../shared/validation/field-error';
import { requestUser } from './auth';
import { decide } from './auth-authorize';
import { policyFor } from './auth-policy';
import { json, readObject } from './http';

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}
interface NonResourceAttributes {
  path?: string;
  verb?: string;
}
interface AccessReviewSpec {
  resourceAttributes?: ResourceAttributes | null;
  nonResourceAttributes?: NonResourceAttributes | null;
  user?: string;
  groups?: string[];
  uid?: string;
  extra?: Record<string, string[]>;
  namespace?: string;
}
type Review = KubeObject & { spec?: AccessReviewSpec };

const NOT_FOUND = () => new ApiError(404, 'NotFound', 'the server could not find the requested resource');

/** Upstream's ValidateSelfSubjectAccessReviewSpec (and, for SubjectAccessReviews, the user-or-group rule). */
function validateAccessReview(kind: string, spec: AccessReviewSpec, needsSubject: boolean): void {
  const causes: StatusCause[] = [];
  if (spec.resourceAttributes && spec.nonResourceAttributes) {
    causes.push(invalidField('spec.nonResourceAttributes', spec.nonResourceAttributes, 'cannot be specified in combination with resourceAttributes'));
  }
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
    causes.push(invalidField('spec.resourceAttributes', null, 'exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  }
  if (needsSubject && !spec.user && !spec.groups?.length) causes.push(invalidField('spec.user', spec.user ?? '', 'at least one of user or group must be specified'));
  if (causes.length) throw invalid(kind, 'authorization.k8s.io', '', causes);
}

/** The attributes a review asks about (upstream's ResourceAttributesFrom / NonResourceAttributesFrom). */
function reviewAttributes(user: UserInfo, spec: AccessReviewSpec): Attributes {
  const r = spec.resourceAttributes;
  if (r) {
    return {
      user,
      verb: r.verb ?? '',
      resourceRequest: true,
      namespace: r.namespace ?? '',
      apiGroup: r.group ?? '',
      apiVersion: r.version || '*',
      resource: r.resource ?? '',
      subresource: r.subresource ?? '',
      name: r.name ?? '',
      path: '',
    };
  }
  const n = spec.nonResourceAttributes ?? {};
  return { user, verb: n.verb ?? '', resourceRequest: false, namespace: '', apiGroup: '', apiVersion: '', resource: '', subresource: '', name: '', path: n.path ?? '' };
}

async function accessReview(env: Env, kind: string, body: Review, user: UserInfo): Promise<Response> {
  const d = await decide(env, reviewAttributes(user, body.spec ?? {}));
  const status = { allowed: d.allowed, ...(d.reason ? { reason: d.reason } : {}) };
  return json({ ...body, kind, apiVersion: 'authorization.k8s.io/v1', metadata: { ...(body.metadata ?? {}), creationTimestamp: null }, status }, 201);
}

/** What a user may do in a namespace, as upstream's SelfSubjectRulesReview lists it (RBAC's RulesFor). */
async function rulesReview(env: Env, body: Review, user: UserInfo): Promise<Response> {
  const namespace = body.spec?.namespace;
  if (!namespace) throw badRequest('no namespace on request');
  const { rules, errors } = rulesFor(await policyFor(env, namespace), user, namespace);
  const resourceRules = rules
    .filter((r) => r.resources?.length)
    .map((r) => ({ verbs: r.verbs ?? [], ...(r.apiGroups?.length ? { apiGroups: r.apiGroups } : {}), resources: r.resources, ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}) }));
  const nonResourceRules = rules.filter((r) => r.nonResourceURLs?.length).map((r) => ({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs }));
  const status = { resourceRules, nonResourceRules, incomplete: false, ...(errors.length ? { evaluationError: errors.length === 1 ? errors[0] : `[${errors.join(', ')}]` } : {}) };
  return json({ kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec: {}, status }, 201);
}

/**
 * The reviews kubectl and controllers send: `auth can-i` (SelfSubjectAccessReview), `auth can-i
 * --list` (SelfSubjectRulesReview), `auth whoami` (SelfSubjectReview), and SubjectAccessReview /
 * LocalSubjectAccessReview about someone else, answered by the same authorizer the API uses.
 * `namespace` is set for LocalSubjectAccessReview.
 */
export async function serveReview(request: Request, env: Env, kind: string, namespace?: string): Promise<Response> {
  if (request.method !== 'POST') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const user = requestUser(request);
  switch (kind) {
    case 'selfsubjectaccessreviews': {
      const body = (await readObject(request)) as Review;
      validateAccessReview('SelfSubjectAccessReview', body.spec ?? {}, false);
      return accessReview(env, 'SelfSubjectAccessReview', body, user);
    }
    case 'subjectaccessreviews':
    case 'localsubjectaccessreviews': {
      const local = kind === 'localsubjectaccessreviews';
      if (local !== (namespace !== undefined)) throw NOT_FOUND();
      const kindName = local ? 'LocalSubjectAccessReview' : 'SubjectAccessReview';
      const body = (await readObject(request)) as Review;
      const spec = body.spec ?? {};
      validateAccessReview(kindName, spec, true);
      if (local && spec.resourceAttributes && spec.resourceAttributes.namespace !== namespace) {
        throw invalid(kindName, 'authorization.k8s.io', '', [invalidField('spec.resourceAttributes.namespace', spec.resourceAttributes.namespace ?? '', 'must match metadata.namespace')]);
      }
      const subject: UserInfo = { username: spec.user ?? '', groups: spec.groups ?? [], ...(spec.uid ? { uid: spec.uid } : {}), ...(spec.extra ? { extra: spec.extra } : {}) };
      return accessReview(env, kindName, body, subject);
    }
    case 'selfsubjectrulesreviews':
      return rulesReview(env, (await readObject(request)) as Review, user);
    case 'selfsubjectreviews': {
      await readObject(request);
      const userInfo = { username: user.username, ...(user.uid ? { uid: user.uid } : {}), groups: user.groups, ...(user.extra ? { extra: user.extra } : {}) };
      return json({ kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo } }, 201);
    }
  }
  throw NOT_FOUND();
}
