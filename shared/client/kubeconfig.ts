import { parse } from 'yaml';

/** Where and as whom to connect, from a kubeconfig context. */
export interface KubeconfigTarget {
  server: string;
  token?: string;
  /** The context's default namespace, when it sets one. */
  namespace?: string;
  /** The context used (the current-context unless one was asked for). */
  context: string;
  insecureSkipTlsVerify?: boolean;
}

interface Kubeconfig {
  'current-context'?: string;
  contexts?: { name?: string; context?: { cluster?: string; user?: string; namespace?: string } }[];
  clusters?: { name?: string; cluster?: { server?: string; 'insecure-skip-tls-verify'?: boolean } }[];
  users?: { name?: string; user?: { token?: string } }[];
}

/**
 * Reads a kubeconfig (YAML or JSON text) and resolves one context to a server URL and bearer token,
 * as kubectl does: the named context, else current-context. Files (tokenFile, certificates) are
 * not read here: this runs in Workers too. Configuration mistakes throw a plain Error (not an API answer).
 * @example const { server, token } = loadKubeconfig(await readFile('~/.kube/config', 'utf8'));
 */
export function loadKubeconfig(yamlText: string, context?: string): KubeconfigTarget {
  const doc = parseKubeconfig(yamlText);
  const name = context ?? doc['current-context'];
  if (!name) throw new Error('invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable');
  const ctx = doc.contexts?.find((c) => c.name === name)?.context;
  if (!ctx) throw new Error(`context was not found for specified context: ${name}`);
  const cluster = doc.clusters?.find((c) => c.name === ctx.cluster)?.cluster;
  if (!cluster?.server) throw new Error(`invalid configuration: cluster has no server defined (context ${JSON.stringify(name)}, cluster ${JSON.stringify(ctx.cluster ?? '')})`);
  const user = doc.users?.find((u) => u.name === ctx.user)?.user;
  const target: KubeconfigTarget = { server: cluster.server, context: name };
  if (user?.token) target.token = user.token;
  if (ctx.namespace) target.namespace = ctx.namespace;
  if (cluster['insecure-skip-tls-verify']) target.insecureSkipTlsVerify = true;
  return target;
}

function parseKubeconfig(yamlText: string): Kubeconfig {
  try {
    return (parse(yamlText) ?? {}) as Kubeconfig;
  } catch (e) {
    throw new Error(`error loading config: ${(e as Error).message}`);
  }
}

/**
 * The bearer token a kubeconfig gives for `server` whatever its current context: the user of a context whose
 * cluster has that address (a trailing slash aside); undefined when none has a token.
 */
export function tokenForServer(yamlText: string, server: string): string | undefined {
  const doc = parseKubeconfig(yamlText);
  const bare = (url: string | undefined) => url?.replace(/\/$/, '');
  const clusters = new Set((doc.clusters ?? []).filter((c) => bare(c.cluster?.server) === bare(server)).map((c) => c.name));
  const users = new Set((doc.contexts ?? []).filter((c) => clusters.has(c.context?.cluster)).map((c) => c.context?.user));
  return (doc.users ?? []).find((u) => users.has(u.name) && u.user?.token)?.user?.token;
}
