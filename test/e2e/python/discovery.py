"""Discovery through the typed client: /version, /api/, /apis/, /apis/apps/, /api/v1/ and /apis/apps/v1/ (the client
writes the group and resource-list paths with a trailing slash, as Kubernetes' own OpenAPI document does). Each call
is recorded on its own, an ApiException as its status and message, so one refusal does not hide the others."""
from kubernetes import client

from common import api_client, run


def attempt(call, summary):
    try:
        return summary(call())
    except client.ApiException as e:
        return {'status': e.status, 'body': e.body if isinstance(e.body, str) else e.body.decode()}


def resources(*names):
    def summary(resource_list):
        by_name = {r.name: r for r in resource_list.resources}
        return {
            'groupVersion': resource_list.group_version,
            'resources': {n: {'kind': by_name[n].kind, 'namespaced': by_name[n].namespaced} for n in names if n in by_name},
        }
    return summary


def main():
    c = api_client()
    return {
        'version': attempt(client.VersionApi(c).get_code, lambda v: {'major': v.major, 'minor': v.minor}),
        'coreVersions': attempt(client.CoreApi(c).get_api_versions, lambda v: v.versions),
        'groups': attempt(client.ApisApi(c).get_api_versions, lambda g: sorted(x.name for x in g.groups)),
        'appsGroup': attempt(client.AppsApi(c).get_api_group, lambda g: {'name': g.name, 'preferred': g.preferred_version.group_version}),
        'core': attempt(client.CoreV1Api(c).get_api_resources, resources('configmaps', 'pods', 'pods/status', 'namespaces')),
        'apps': attempt(client.AppsV1Api(c).get_api_resources, resources('deployments', 'deployments/scale')),
    }


run(main)
