import type { Subject } from 'kubernetes-types/rbac/v1';
import { serviceAccountUsername, type UserInfo } from '../user-info';

/**
 * Whether a binding subject names this user (upstream's appliesToUser). A ServiceAccount subject
 * without a namespace means the binding's own namespace; in a ClusterRoleBinding (namespace '') it
 * names no one.
 */
export function appliesToUser(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || namespace;
      return ns !== '' && user.username === serviceAccountUsername(ns, subject.name);
    }
    default:
      return false;
  }
}

/** The index of the first subject that names the user, or -1. */
export function appliesTo(user: UserInfo, subjects: Subject[] | undefined, namespace: string): number {
  return (subjects ?? []).findIndex((s) => appliesToUser(user, s, namespace));
}
