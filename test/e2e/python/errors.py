"""ApiException for each kind of refusal, with the server's Status body, and that a refused write changed nothing."""
from kubernetes import client

from common import api_client, api_error, run, wire


def main(ns):
    core = client.CoreV1Api(api_client())
    apps = client.AppsV1Api(api_client())
    out = {
        'notFound': api_error(lambda: core.read_namespaced_config_map('missing', ns)),
        'namespaceNotFound': api_error(lambda: core.create_namespaced_config_map(ns + '-missing', {'metadata': {'name': 'x'}})),
    }
    original = core.create_namespaced_config_map(ns, {'metadata': {'name': 'dup'}, 'data': {'v': 'original'}})
    out['alreadyExists'] = api_error(lambda: core.create_namespaced_config_map(ns, {'metadata': {'name': 'dup'}, 'data': {'v': 'second'}}))
    out['invalidName'] = api_error(lambda: core.create_namespaced_config_map(ns, {'metadata': {'name': 'Bad_Name'}}))
    labels = {'app': 'a'}
    mismatched = {
        'metadata': {'name': 'mismatch'},
        'spec': {
            'selector': {'matchLabels': labels},
            'template': {'metadata': {'labels': {'app': 'b'}}, 'spec': {'containers': [{'name': 'c', 'image': 'nginx'}]}},
        },
    }
    out['invalidDeployment'] = api_error(lambda: apps.create_namespaced_deployment(ns, mismatched))
    # A JSON patch whose `test` fails, and a strategic merge patch that makes the object invalid: both refused.
    failing = [{'op': 'test', 'path': '/data/v', 'value': 'other'}, {'op': 'replace', 'path': '/data/v', 'value': 'patched'}]
    out['jsonPatchTestFailed'] = api_error(lambda: core.patch_namespaced_config_map('dup', ns, failing))
    out['invalidPatch'] = api_error(lambda: core.patch_namespaced_config_map('dup', ns, {'data': {'bad key!': 'x'}}))
    after = core.read_namespaced_config_map('dup', ns)
    out['unchanged'] = {
        'data': after.data,
        'resourceVersionBefore': original.metadata.resource_version,
        'resourceVersionAfter': after.metadata.resource_version,
    }
    out['listedNames'] = sorted(i.metadata.name for i in core.list_namespaced_config_map(ns).items)
    out['deploymentsListed'] = wire(apps.list_namespaced_deployment(ns))['items']
    return out


run(main)
