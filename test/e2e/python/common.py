"""Shared by the e2e scripts: each is run as `script.py KUBECONFIG ARGS...` and prints one JSON document of what the
official client saw; test/e2e/python-client.test.ts asserts on it. The scripts record, they do not judge."""
import json
import os
import sys
import tempfile
import traceback

from kubernetes import client, config, dynamic

_wire = client.ApiClient()


def wire(obj):
    """A typed model or a dynamic ResourceInstance as the JSON the server sent (camelCase field names), so the
    test asserts on API fields."""
    if isinstance(obj, dynamic.ResourceInstance):
        return obj.to_dict()
    return _wire.sanitize_for_serialization(obj)


def api_client(content_type=None):
    """An ApiClient for the loaded kubeconfig. Client 22's typed patch methods always send
    application/json-patch+json (rewritten to strategic merge for a dict body); a default Content-Type header
    overrides it, which is how this client version selects merge patch or server-side apply."""
    c = client.ApiClient()
    if content_type:
        c.set_default_header('Content-Type', content_type)
    return c


# The dynamic client caches discovery in a file (by default one per server URL in /tmp, reused across runs):
# a fresh directory per script, removed at exit, so a run never sees another server's discovery.
_discovery_cache = tempfile.TemporaryDirectory(prefix='kubeflare-py-discovery-')


def dynamic_client():
    return dynamic.DynamicClient(api_client(), cache_file=os.path.join(_discovery_cache.name, 'discovery.json'))


def api_error(call):
    """Runs `call`, which must fail with an ApiException: its status, exception class and Status body."""
    try:
        returned = call()
    except client.ApiException as e:
        try:
            body = json.loads(e.body)
        except (TypeError, ValueError):
            body = e.body if isinstance(e.body, str) else repr(e.body)
        return {'exception': type(e).__name__, 'status': e.status, 'reason': e.reason, 'body': body}
    return {'exception': None, 'returned': wire(returned)}


def managers(obj):
    """(manager, operation) of each managedFields entry."""
    meta = wire(obj)['metadata']
    return [[m['manager'], m['operation']] for m in meta.get('managedFields') or []]


def run(main):
    """Loads the kubeconfig named by argv[1], calls main(*argv[2:]) and prints its result as JSON."""
    try:
        config.load_kube_config(config_file=sys.argv[1])
        result = main(*sys.argv[2:])
    except Exception:  # the test shows stderr: keep the whole traceback, including the server's Status body
        traceback.print_exc()
        sys.exit(1)
    json.dump(result, sys.stdout, default=str)
    sys.stdout.write('\n')
