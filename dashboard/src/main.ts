// The dashboard's entry point: connect, start the shared informers, and show the view the URL names.
import { ClusterHistory } from './cluster-history';
import { connect } from './connection';
import { fill, h } from './dom';
import { LiveCluster } from './live-cluster';
import { parseRoute } from './model/route';
import { VIEWS, type MountedView, type ViewContext } from './views';
import './style.css';

const cluster = new LiveCluster(connect());
const history = new ClusterHistory(cluster);
const ctx: ViewContext = { cluster, history, now: () => Date.now() };
const stop = new AbortController();
addEventListener('pagehide', () => stop.abort());

const main = document.getElementById('view')!;
const status = document.getElementById('connection')!;
fill(document.getElementById('nav')!, VIEWS.filter((v) => v.nav).map((v) => h('a', { href: v.nav!.href }, v.title)));

let mounted: MountedView | undefined;
function show(): void {
  mounted?.unmount?.();
  const route = parseRoute(location.hash);
  const view = VIEWS.find((v) => v.matches(route))!;
  main.replaceChildren();
  main.dataset.view = route.view;
  mounted = view.mount(main, route, ctx);
  mounted.update();
  scrollTo(0, 0);
}

function update(): void {
  const synced = cluster.synced();
  status.textContent = cluster.lastError ? `reconnecting: ${cluster.lastError}` : synced ? 'live' : 'connecting…';
  status.className = cluster.lastError ? 'warning' : synced ? 'live' : 'muted';
  document.body.dataset.synced = String(synced);
  // the charts start from the first complete picture rather than the next tick
  if (synced && history.pods.length === 0) history.sample();
  mounted?.update();
}

cluster.subscribe(update);
addEventListener('hashchange', show);
cluster.start(stop.signal);
history.start(stop.signal);
show();
// relative times ("12s ago") move on even when nothing changes
setInterval(update, 1000);
