// pkg/apis/networking/validation (1.32): ValidateIngressCreate / ValidateIngressUpdate, ValidateIngressClass.
import { CauseType, type StatusCause } from '../api/errors';
import { child, forbidden, immutable, index, invalid, notSupported, required, tooLong, type FieldPath } from './field-error';
import { isValidIP } from './ip';
import { isDNS1035Label, isDNS1123Subdomain, isValidPathSegmentName, isValidPortName, isValidPortNum, maxLenError, regexError } from './name-validators';
import { nameIsDNSLabel, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './object-meta';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const WILDCARD_DNS1123 = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HTTP_PATH = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

/** validation.IsWildcardDNS1123Subdomain. */
function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!WILDCARD_DNS1123.test(value)) {
    errs.push(
      regexError(
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
        '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*',
        '*.example.com',
      ),
    );
  }
  return errs;
}

function validateHost(host: string, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  if (isValidIP(host)) errs.push(invalid(path, host, 'must be a DNS name, not an IP address'));
  const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
  for (const msg of msgs) errs.push(invalid(path, host, msg));
  return errs;
}

/** TypedLocalObjectReference of a resource backend or class parameters. */
function validateTypedRef(ref: Obj, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  if (typeof ref['apiGroup'] === 'string') for (const msg of isDNS1123Subdomain(ref['apiGroup'])) errs.push(invalid(child(path, 'apiGroup'), ref['apiGroup'], msg));
  for (const f of ['kind', 'name'] as const) {
    const v = str(ref[f]);
    if (!v) errs.push(required(child(path, f), `${f} is required`));
    else for (const msg of isValidPathSegmentName(v)) errs.push(invalid(child(path, f), v, msg));
  }
  return errs;
}

/** validateIngressBackend: exactly one of resource and service; a service needs a name and a port name or number. */
function validateBackend(backend: Obj, path: FieldPath): StatusCause[] {
  const hasResource = backend['resource'] != null;
  const hasService = backend['service'] != null;
  if (hasResource && hasService) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (hasResource) return validateTypedRef(obj(backend['resource']), child(path, 'resource'));
  if (!hasService) return [invalid(path, '', 'resource or service backend is required')];
  const errs: StatusCause[] = [];
  const svc = obj(backend['service']);
  const name = str(svc['name']);
  if (!name) errs.push(required(child(path, 'service', 'name'), ''));
  else for (const msg of isDNS1035Label(name)) errs.push(invalid(child(path, 'service', 'name'), name, msg));
  const port = obj(svc['port']);
  const portName = str(port['name']);
  const portNumber = typeof port['number'] === 'number' ? port['number'] : 0;
  if (portName && portNumber) errs.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName) for (const msg of isValidPortName(portName)) errs.push(invalid(child(path, 'service', 'port', 'name'), portName, msg));
  else if (portNumber) for (const msg of isValidPortNum(portNumber)) errs.push(invalid(child(path, 'service', 'port', 'number'), portNumber, msg));
  else errs.push(required(path, 'port name or number is required'));
  return errs;
}

/** validateHTTPIngressPath: pathType required; Exact and Prefix paths absolute and clean. */
function validatePath(p: Obj, path: FieldPath): StatusCause[] {
  const pathType = p['pathType'];
  if (pathType === undefined || pathType === null) return [required(child(path, 'pathType'), 'pathType must be specified')];
  const errs: StatusCause[] = [];
  const value = str(p['path']);
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/')) errs.push(invalid(child(path, 'path'), value, 'must be an absolute path'));
    if (value) {
      for (const seq of INVALID_PATH_SEQUENCES) if (value.includes(seq)) errs.push(invalid(child(path, 'path'), value, `must not contain '${seq}'`));
      for (const suf of INVALID_PATH_SUFFIXES) if (value.endsWith(suf)) errs.push(invalid(child(path, 'path'), value, `cannot end with '${suf}'`));
    }
  } else if (pathType === 'ImplementationSpecific') {
    if (value && !value.startsWith('/')) errs.push(invalid(child(path, 'path'), value, 'must be an absolute path'));
  } else {
    errs.push(notSupported(child(path, 'pathType'), pathType, PATH_TYPES));
  }
  return [...errs, ...validateBackend(obj(p['backend']), child(path, 'backend'))];
}

/** ValidateIngressSpec: rules or a default backend, each rule's host and paths, TLS hosts and secrets, the class name. */
function validateSpec(spec: Obj, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  const rules = list(spec['rules']);
  if (!rules.length && spec['defaultBackend'] == null) {
    // field.Invalid prints the Go slice: nil when the field is absent, empty when it is []
    const shown = Array.isArray(spec['rules']) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)';
    errs.push({ reason: CauseType.Invalid, message: `Invalid value: ${shown}: either \`defaultBackend\` or \`rules\` must be specified`, field: path });
  }
  if (spec['defaultBackend'] != null) errs.push(...validateBackend(obj(spec['defaultBackend']), child(path, 'defaultBackend')));
  rules.forEach((r, i) => {
    const rule = obj(r);
    const rp = index(child(path, 'rules'), i);
    const host = str(rule['host']);
    if (host) errs.push(...validateHost(host, child(rp, 'host')));
    if (rule['http'] != null) {
      const paths = list(obj(rule['http'])['paths']);
      if (!paths.length) errs.push(required(child(rp, 'http', 'paths'), ''));
      paths.forEach((p, j) => errs.push(...validatePath(obj(p), index(child(rp, 'http', 'paths'), j))));
    }
  });
  list(spec['tls']).forEach((t, i) => {
    const tls = obj(t);
    const tp = index(child(path, 'tls'), i);
    list(tls['hosts']).forEach((h, j) => {
      const host = str(h);
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      for (const msg of msgs) errs.push(invalid(index(child(tp, 'hosts'), j), host, msg));
    });
    const secret = str(tls['secretName']);
    if (secret) for (const msg of nameIsDNSSubdomain(secret, false)) errs.push(invalid(child(tp, 'secretName'), secret, msg));
  });
  if (typeof spec['ingressClassName'] === 'string') {
    for (const msg of nameIsDNSSubdomain(spec['ingressClassName'], false)) errs.push(invalid(child(path, 'ingressClassName'), spec['ingressClassName'], msg));
  }
  return errs;
}

/** ValidateIngressCreate: metadata, spec, and the legacy class annotation agreeing with ingressClassName. */
export function validateIngress(ing: Obj): StatusCause[] {
  const meta = obj(ing['metadata']);
  const spec = obj(ing['spec']);
  const errs = [...validateObjectMeta(meta, true, nameIsDNSSubdomain), ...validateSpec(spec, 'spec')];
  const annotation = obj(meta['annotations'])[INGRESS_CLASS_ANNOTATION];
  if (typeof annotation === 'string' && typeof spec['ingressClassName'] === 'string' && annotation !== spec['ingressClassName']) {
    errs.push(invalid(`annotations.${INGRESS_CLASS_ANNOTATION}`, annotation, 'must match `ingressClassName` when both are specified'));
  }
  return errs;
}

/** ValidateIngressUpdate: metadata update rules, then the spec as on create. */
export function validateIngressUpdate(ing: Obj, old: Obj): StatusCause[] {
  return [...validateObjectMetaUpdate(obj(ing['metadata']), obj(old['metadata'])), ...validateSpec(obj(ing['spec']), 'spec')];
}

/** validation.IsDomainPrefixedPath for spec.controller. */
function validateController(controller: string, path: FieldPath): StatusCause[] {
  if (!controller) return [required(path, '')];
  const errs: StatusCause[] = controller.length > 250 ? [tooLong(path, 250)] : [];
  const slash = controller.indexOf('/');
  const host = slash > 0 ? controller.slice(0, slash) : '';
  const rest = slash > 0 ? controller.slice(slash + 1) : '';
  if (!host || !rest) return [...errs, invalid(path, controller, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  for (const msg of isDNS1123Subdomain(host)) errs.push(invalid(path, host, msg));
  if (!HTTP_PATH.test(rest)) errs.push(invalid(path, rest, regexError('Invalid path', "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+")));
  return errs;
}

function validateClassSpec(spec: Obj, path: FieldPath): StatusCause[] {
  const errs = validateController(str(spec['controller']), child(path, 'controller'));
  if (spec['parameters'] != null) {
    const params = obj(spec['parameters']);
    const pp = child(path, 'parameters');
    errs.push(...validateTypedRef(params, pp));
    const scope = params['scope'];
    if (scope === undefined || scope === null) errs.push(required(child(pp, 'scope'), ''));
    else if (scope !== 'Cluster' && scope !== 'Namespace') errs.push(notSupported(child(pp, 'scope'), scope, ['Cluster', 'Namespace']));
    else if (scope === 'Namespace') {
      const ns = params['namespace'];
      if (typeof ns !== 'string') errs.push(required(child(pp, 'namespace'), "`parameters.scope` is set to 'Namespace'"));
      else for (const msg of nameIsDNSLabel(ns, false)) errs.push(invalid(child(pp, 'namespace'), ns, msg));
    } else if (params['namespace'] != null) errs.push(forbidden(child(pp, 'namespace'), "`parameters.scope` is set to 'Cluster'"));
  }
  return errs;
}

/** ValidateIngressClass: metadata (cluster-scoped DNS subdomain) and spec. */
export function validateIngressClass(ic: Obj): StatusCause[] {
  return [...validateObjectMeta(obj(ic['metadata']), false, nameIsDNSSubdomain), ...validateClassSpec(obj(ic['spec']), 'spec')];
}

/** ValidateIngressClassUpdate: spec.controller is immutable. */
export function validateIngressClassUpdate(ic: Obj, old: Obj): StatusCause[] {
  return [
    ...validateObjectMetaUpdate(obj(ic['metadata']), obj(old['metadata'])),
    ...immutable(obj(ic['spec'])['controller'], obj(old['spec'])['controller'], 'spec.controller'),
    ...validateIngressClass(ic).filter((c) => !c.field?.startsWith('metadata')),
  ];
}
