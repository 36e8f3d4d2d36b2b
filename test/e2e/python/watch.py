"""watch.Watch().stream over CoreV1Api.list_namespaced_config_map (which sends watch=True and
allowWatchBookmarks=True), from now and from a resourceVersion, its timeout_seconds, and the dynamic client's watch.
Writes are made while the stream is open: after its first event, so the watch is certainly established."""
import time

from kubernetes import client, watch

from common import dynamic_client, run


def event(e):
    """type, name and data of one event; a BOOKMARK carries only a resourceVersion."""
    o = e['raw_object']
    return [e['type'], o['metadata'].get('name'), o.get('data')]


def live_writes(core, ns):
    core.create_namespaced_config_map(ns, {'metadata': {'name': 'live'}, 'data': {'v': '1'}})
    core.patch_namespaced_config_map('live', ns, {'data': {'v': '2'}})
    core.delete_namespaced_config_map('live', ns)


def main(ns):
    core = client.CoreV1Api()
    core.create_namespaced_config_map(ns, {'metadata': {'name': 'before'}, 'data': {'v': '0'}})
    out = {}

    # From now: the existing object first as ADDED, then the writes made during the watch.
    events, w, wrote = [], watch.Watch(), False
    for e in w.stream(core.list_namespaced_config_map, ns, timeout_seconds=10, allow_watch_bookmarks=True):
        events.append(event(e))
        if not wrote and e['type'] != 'BOOKMARK':
            wrote = True
            live_writes(core, ns)
        if e['type'] == 'DELETED':
            w.stop()
    out['fromNow'] = events

    # From a list's resourceVersion: only what changed after it, no initial ADDED.
    rv = core.list_namespaced_config_map(ns).metadata.resource_version
    core.create_namespaced_config_map(ns, {'metadata': {'name': 'after'}, 'data': {'v': '1'}})
    events, w = [], watch.Watch()
    for e in w.stream(core.list_namespaced_config_map, ns, resource_version=rv, timeout_seconds=10):
        events.append(event(e))
        if e['type'] == 'ADDED':
            w.stop()
    out['fromResourceVersion'] = events

    # Nothing matches: the server ends the stream after timeout_seconds and the client does not retry.
    started = time.monotonic()
    events = [event(e) for e in watch.Watch().stream(core.list_namespaced_config_map, ns, label_selector='none=here', timeout_seconds=1)]
    out['timeout'] = {'events': events, 'seconds': round(time.monotonic() - started, 2)}

    # The dynamic client's watch: ADDED for the three existing objects (after, before and the namespace's
    # kube-root-ca.crt), then a patch made during the watch.
    cms = dynamic_client().resources.get(api_version='v1', kind='ConfigMap')
    events, w, wrote = [], watch.Watch(), False
    for e in cms.watch(namespace=ns, timeout=10, watcher=w):
        events.append(event(e))
        if not wrote and len([x for x in events if x[0] == 'ADDED']) == 3:
            wrote = True
            cms.patch(body={'data': {'v': '2'}}, name='after', namespace=ns, content_type='application/merge-patch+json')
        if e['type'] == 'MODIFIED':
            w.stop()
    out['dynamic'] = events
    return out


run(main)
