"""Server-side apply from the official client: typed CoreV1Api/AppsV1Api patches sent as application/apply-patch+yaml
with a field manager (creating, sharing and dropping fields, refusing a conflict), and the dynamic client's
server_side_apply. Taking fields over with force is apply-force.py."""
import json

from kubernetes import client

from common import api_client, api_error, dynamic_client, managers, run, wire


def config_map(name, data):
    return json.dumps({'apiVersion': 'v1', 'kind': 'ConfigMap', 'metadata': {'name': name}, 'data': data})


DEPLOYMENT_YAML = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: applied
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: applied}}
  template:
    metadata:
      labels: {{app: applied}}
    spec:
      containers:
      - name: web
        image: nginx:1.25
"""


def main(ns):
    # Client 22 serializes only dicts, and only for JSON content types: an apply body goes as YAML or JSON text.
    core = client.CoreV1Api(api_client('application/apply-patch+yaml'))
    apps = client.AppsV1Api(api_client('application/apply-patch+yaml'))
    first = core.patch_namespaced_config_map('applied', ns, config_map('applied', {'a': '1', 'b': '1'}), field_manager='py-first')
    out = {'created': {'data': first.data, 'managers': managers(first)}}
    out['conflict'] = api_error(
        lambda: core.patch_namespaced_config_map('applied', ns, config_map('applied', {'a': '2'}), field_manager='py-second'))
    shared = core.patch_namespaced_config_map('applied', ns, config_map('applied', {'c': '2'}), field_manager='py-second')
    out['shared'] = {'data': shared.data, 'managers': managers(shared)}
    # py-first no longer applies `b`, which nobody else owns: apply removes it.
    dropped = core.patch_namespaced_config_map('applied', ns, config_map('applied', {'a': '1'}), field_manager='py-first')
    out['dropped'] = {'data': dropped.data, 'fields': {m['manager']: m['fieldsV1'] for m in wire(dropped)['metadata']['managedFields']}}

    created = apps.patch_namespaced_deployment('applied', ns, DEPLOYMENT_YAML.format(replicas=1), field_manager='py-first')
    scaled = apps.patch_namespaced_deployment('applied', ns, DEPLOYMENT_YAML.format(replicas=2), field_manager='py-first')
    out['deployment'] = {
        'created': {'replicas': created.spec.replicas, 'generation': created.metadata.generation, 'managers': managers(created)},
        'scaled': {'replicas': scaled.spec.replicas, 'generation': scaled.metadata.generation},
    }

    cms = dynamic_client().resources.get(api_version='v1', kind='ConfigMap')
    # Client 22's server_side_apply fails client-side for a dict body ("Cannot prepare a request message"): send text.
    dyn = cms.server_side_apply(body=config_map('dynamic', {'d': '1'}), name='dynamic', namespace=ns, field_manager='py-dynamic')
    out['dynamicCreated'] = {'data': wire(dyn)['data'], 'managers': managers(dyn)}
    out['dynamicConflict'] = api_error(lambda: cms.server_side_apply(
        body=config_map('applied', {'a': '3'}), name='applied', namespace=ns, field_manager='py-dynamic'))
    return out


run(main)
