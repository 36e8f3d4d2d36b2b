import { h } from '../dom';
import { routeHref } from '../model/route';

export const podLink = (namespace: string, name: string, text = name) => h('a', { href: routeHref({ view: 'pod', namespace, name }) }, text);
export const nodeLink = (node: string) => h('a', { href: routeHref({ view: 'node', node }) }, node);
export const namespaceLink = (namespace: string) => h('a', { href: routeHref({ view: 'namespace', namespace }) }, namespace);
