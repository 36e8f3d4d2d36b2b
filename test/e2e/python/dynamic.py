"""The dynamic client (kubernetes.dynamic.DynamicClient): discovery, then create/get/list/patch/replace/delete of
ConfigMaps and a Deployment through resources.get(api_version=..., kind=...), and its typed exceptions."""
from common import api_error, dynamic_client, run, wire


def config_map(name, data):
    return {'apiVersion': 'v1', 'kind': 'ConfigMap', 'metadata': {'name': name, 'labels': {'via': 'dynamic'}}, 'data': data}


def resource(r):
    return {'name': r.name, 'kind': r.kind, 'groupVersion': r.group_version, 'namespaced': r.namespaced, 'verbs': sorted(r.verbs or [])}


def main(ns):
    dyn = dynamic_client()
    cms = dyn.resources.get(api_version='v1', kind='ConfigMap')
    deployments = dyn.resources.get(api_version='apps/v1', kind='Deployment')
    out = {'resources': {'configMaps': resource(cms), 'deployments': resource(deployments)}}
    out['created'] = wire(cms.create(body=config_map('d1', {'a': '1'}), namespace=ns))
    cms.create(body=config_map('d2', {'a': '2'}), namespace=ns)
    out['got'] = wire(cms.get(name='d1', namespace=ns))
    listed = cms.get(namespace=ns, label_selector='via=dynamic')
    out['listed'] = {'kind': listed.kind, 'names': [i.metadata.name for i in listed.items]}
    out['strategic'] = wire(cms.patch(body={'data': {'b': '2'}}, name='d1', namespace=ns))
    out['merge'] = wire(cms.patch(body={'data': {'a': None}}, name='d1', namespace=ns, content_type='application/merge-patch+json'))
    current = wire(cms.get(name='d1', namespace=ns))
    current['data'] = {'replaced': 'yes'}
    out['replaced'] = wire(cms.replace(body=current, namespace=ns))
    out['deleted'] = wire(cms.delete(name='d1', namespace=ns))
    out['notFound'] = api_error(lambda: cms.get(name='d1', namespace=ns))
    out['alreadyExists'] = api_error(lambda: cms.create(body=config_map('d2', {}), namespace=ns))
    out['invalid'] = api_error(lambda: cms.create(body=config_map('Bad_Name', {}), namespace=ns))

    labels = {'app': 'dyn'}
    deployment = {
        'apiVersion': 'apps/v1',
        'kind': 'Deployment',
        'metadata': {'name': 'dyn'},
        'spec': {
            'replicas': 1,
            'selector': {'matchLabels': labels},
            'template': {'metadata': {'labels': labels}, 'spec': {'containers': [{'name': 'web', 'image': 'nginx:1.25'}]}},
        },
    }
    created = deployments.create(body=deployment, namespace=ns)
    patched = deployments.patch(body={'spec': {'replicas': 2}}, name='dyn', namespace=ns, content_type='application/merge-patch+json')
    out['deployment'] = {
        'created': {'generation': created.metadata.generation, 'replicas': created.spec.replicas, 'strategy': wire(created)['spec']['strategy']},
        'patched': {'generation': patched.metadata.generation, 'replicas': patched.spec.replicas},
    }
    deployments.delete(name='dyn', namespace=ns)
    out['deployment']['afterDelete'] = api_error(lambda: deployments.get(name='dyn', namespace=ns))['status']
    return out


run(main)
