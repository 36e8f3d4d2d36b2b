"""Server-side apply with force from the official client: the typed API's `force=True` and the dynamic client's
`force_conflicts=True` take a conflicting field over from its manager (both sent as the query parameter force=True)."""
import json

from kubernetes import client

from common import api_client, dynamic_client, run, wire


def config_map(data):
    return json.dumps({'apiVersion': 'v1', 'kind': 'ConfigMap', 'metadata': {'name': 'forced'}, 'data': data})


def fields(obj):
    return {m['manager']: m['fieldsV1'] for m in wire(obj)['metadata']['managedFields']}


def main(ns):
    core = client.CoreV1Api(api_client('application/apply-patch+yaml'))
    core.patch_namespaced_config_map('forced', ns, config_map({'a': '1', 'b': '1'}), field_manager='py-first')
    forced = core.patch_namespaced_config_map('forced', ns, config_map({'a': '2'}), field_manager='py-second', force=True)
    out = {'typed': {'data': forced.data, 'fields': fields(forced)}}
    cms = dynamic_client().resources.get(api_version='v1', kind='ConfigMap')
    dyn = cms.server_side_apply(body=config_map({'a': '3'}), name='forced', namespace=ns, field_manager='py-dynamic', force_conflicts=True)
    out['dynamic'] = {'data': wire(dyn)['data'], 'fields': fields(dyn)}
    return out


run(main)
