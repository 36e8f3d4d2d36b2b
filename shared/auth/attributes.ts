import type { RequestInfo } from './request-info';
import type { UserInfo } from './user-info';

/**
 * What an authorizer decides on (upstream's authorizer.Attributes): who, which verb, and either a
 * resource (group, namespace, resource, subresource, name) or a non-resource path.
 */
export interface Attributes {
  user: UserInfo;
  verb: string;
  resourceRequest: boolean;
  namespace: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  name: string;
  path: string;
}

/** The attributes of a request by `user` (upstream's GetAuthorizerAttributes). */
export function attributesOf(user: UserInfo, info: RequestInfo): Attributes {
  return {
    user,
    verb: info.verb,
    resourceRequest: info.isResourceRequest,
    namespace: info.namespace,
    apiGroup: info.apiGroup,
    apiVersion: info.apiVersion,
    resource: info.resource,
    subresource: info.subresource,
    name: info.name,
    path: info.path,
  };
}
