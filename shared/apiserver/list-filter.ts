import type { KubeObject } from '../api/object';
import { fieldsForObject, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../selectors';

/** A compiled label + field selector for list and watch. */
export interface ObjectFilter {
  readonly empty: boolean;
  matches(obj: KubeObject): boolean;
}

export interface SelectorOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

/**
 * Parses both selectors once (throwing 400 BadRequest on bad syntax) and returns a matcher.
 * Labels are named as the request's group names them and matched on objects in the form they are
 * stored in, `storedGroup`'s (events.k8s.io's `regarding.name` is core's `involvedObject.name`).
 */
export function compileFilter(group: string, kind: string, opts: SelectorOptions, storedGroup = group): ObjectFilter {
  const labels = opts.labelSelector ? parseLabelSelector(opts.labelSelector) : [];
  const fields = opts.fieldSelector ? parseFieldSelector(opts.fieldSelector, { group, kind }) : [];
  const empty = labels.length === 0 && fields.length === 0;
  return {
    empty,
    matches(obj) {
      if (empty) return true;
      if (labels.length && !matchesLabels(labels, obj.metadata?.labels ?? {})) return false;
      if (fields.length) {
        const values = fieldsForObject(storedGroup, kind, obj);
        if (!matchesFields(fields, (path) => values[path])) return false;
      }
      return true;
    },
  };
}
