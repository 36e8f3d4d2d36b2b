"""CoreV1Api and AppsV1Api: list (also in pages), create (also as a dry run), patch (strategic merge, JSON merge,
JSON patch), replace and delete (also with DeleteOptions) of a ConfigMap and a Deployment, and a Secret's
string_data, in the namespace given."""
from kubernetes import client

from common import api_client, api_error, run, wire


def config_maps(ns):
    core = client.CoreV1Api(api_client())
    merge = client.CoreV1Api(api_client('application/merge-patch+json'))
    out = {'listedBefore': wire(core.list_namespaced_config_map(ns))}
    body = client.V1ConfigMap(metadata=client.V1ObjectMeta(name='c1', labels={'app': 'py'}), data={'a': '1', 'b': '2'})
    out['created'] = wire(core.create_namespaced_config_map(ns, body))
    out['strategic'] = wire(core.patch_namespaced_config_map('c1', ns, {'data': {'c': '3'}}))
    out['merge'] = wire(merge.patch_namespaced_config_map('c1', ns, {'data': {'a': None}}))
    out['jsonPatch'] = wire(core.patch_namespaced_config_map('c1', ns, [{'op': 'replace', 'path': '/data/b', 'value': 'two'}]))
    current = core.read_namespaced_config_map('c1', ns)
    stale = current.metadata.resource_version
    current.data = {'replaced': 'yes'}
    out['replaced'] = wire(core.replace_namespaced_config_map('c1', ns, current))
    current.data = {'stale': 'write'}
    current.metadata.resource_version = stale
    out['staleReplace'] = api_error(lambda: core.replace_namespaced_config_map('c1', ns, current))
    out['listedByLabel'] = [i.metadata.name for i in core.list_namespaced_config_map(ns, label_selector='app=py').items]
    out['listedByOtherLabel'] = [i.metadata.name for i in core.list_namespaced_config_map(ns, label_selector='app=other').items]
    out['read'] = wire(core.read_namespaced_config_map('c1', ns))
    dry = core.create_namespaced_config_map(ns, {'metadata': {'name': 'dry'}}, dry_run='All')
    out['dryRun'] = {'returnedName': dry.metadata.name, 'stored': api_error(lambda: core.read_namespaced_config_map('dry', ns))['status']}
    out['pages'] = pages(core, ns)
    out['deleted'] = wire(core.delete_namespaced_config_map('c1', ns))
    out['readAfterDelete'] = api_error(lambda: core.read_namespaced_config_map('c1', ns))
    return out


def pages(core, ns):
    """A list in pages of 2 (limit, then _continue) over c1 and three more."""
    for name in ('p1', 'p2', 'p3'):
        core.create_namespaced_config_map(ns, {'metadata': {'name': name}})
    result, token = [], None
    while True:
        page = core.list_namespaced_config_map(ns, limit=2, _continue=token)
        result.append({
            'names': [i.metadata.name for i in page.items],
            'continue': bool(page.metadata._continue),
            'remainingItemCount': page.metadata.remaining_item_count,
        })
        token = page.metadata._continue
        if not token or len(result) > 3:
            return result


def deployment(name):
    labels = {'app': name}
    return {
        'apiVersion': 'apps/v1',
        'kind': 'Deployment',
        'metadata': {'name': name, 'labels': labels},
        'spec': {
            'replicas': 1,
            'selector': {'matchLabels': labels},
            'template': {
                'metadata': {'labels': labels},
                'spec': {'containers': [{'name': 'web', 'image': 'nginx:1.25'}, {'name': 'sidecar', 'image': 'busybox:1.36'}]},
            },
        },
    }


def images(d):
    return [[c['name'], c['image']] for c in d['spec']['template']['spec']['containers']]


def deployments(ns):
    apps = client.AppsV1Api(api_client())
    merge = client.AppsV1Api(api_client('application/merge-patch+json'))
    out = {'created': wire(apps.create_namespaced_deployment(ns, deployment('web')))}
    out['listed'] = [d.metadata.name for d in apps.list_namespaced_deployment(ns).items]
    # Strategic merge patches containers by name (the sidecar stays); JSON merge replaces the whole list.
    containers = [{'name': 'web', 'image': 'nginx:1.26'}]
    strategic = apps.patch_namespaced_deployment('web', ns, {'spec': {'template': {'spec': {'containers': containers}}}})
    out['strategic'] = {'images': images(wire(strategic)), 'generation': strategic.metadata.generation}
    containers = [{'name': 'web', 'image': 'nginx:1.27'}]
    merged = merge.patch_namespaced_deployment('web', ns, {'spec': {'template': {'spec': {'containers': containers}}}})
    out['merge'] = {'images': images(wire(merged)), 'generation': merged.metadata.generation}
    # Read-modify-write as a controller would: the deployment controller writes status concurrently, so a 409 is
    # retried from a fresh read (the count is recorded, not asserted).
    for attempt in range(1, 6):
        current = apps.read_namespaced_deployment('web', ns)
        current.spec.replicas = 3
        try:
            replaced = apps.replace_namespaced_deployment('web', ns, current)
            break
        except client.ApiException as e:
            if e.status != 409 or attempt == 5:
                raise
    out['replaced'] = {'replicas': replaced.spec.replicas, 'generation': replaced.metadata.generation, 'attempts': attempt}
    background = client.V1DeleteOptions(propagation_policy='Background')
    out['deleted'] = wire(apps.delete_namespaced_deployment('web', ns, body=background))
    out['readAfterDelete'] = api_error(lambda: apps.read_namespaced_deployment('web', ns))
    return out


def secrets(ns):
    core = client.CoreV1Api(api_client())
    body = client.V1Secret(metadata=client.V1ObjectMeta(name='s1'), data={'c': 'ZA=='}, string_data={'a': 'b'})
    created = core.create_namespaced_secret(ns, body)
    return {'created': wire(created), 'read': wire(core.read_namespaced_secret('s1', ns))}


def main(ns):
    return {'configMaps': config_maps(ns), 'deployments': deployments(ns), 'secrets': secrets(ns)}


run(main)
