// The dashboard's entry point: connect, start the shared informers, and show the view the URL names. Without a
// token the page shows a sign-in form and nothing of the cluster.
import { ClusterHistory } from './cluster-history';
import { CpuThrottling } from './cpu-throttling';
import { connect, signOut, type Connection } from './connection';
import { fill, h } from './dom';
import { LiveCluster } from './live-cluster';
import { parseRoute } from './model/route';
import { VIEWS, type MountedView, type ViewContext } from './views';
import { ClockBar } from './widgets/clock-bar';
import { signInForm } from './widgets/sign-in';
import './style.css';

const main = document.getElementById('view')!;
const status = document.getElementById('connection')!;

function showSignIn(reason?: string): void {
  fill(document.getElementById('nav')!);
  status.textContent = 'signed out';
  status.className = 'muted';
  main.dataset.view = 'sign-in';
  fill(main, signInForm(reason));
}

function run(connection: Connection): void {
  const cluster = new LiveCluster(connection);
  const history = new ClusterHistory(cluster);
  const throttling = new CpuThrottling(cluster);
  const ctx: ViewContext = { cluster, history, throttling, now: () => cluster.now() };
  const stop = new AbortController();
  addEventListener('pagehide', () => stop.abort());

  const clock = new ClockBar(cluster);
  status.before(clock.el);
  const signOutButton = h('button', { type: 'button', class: 'sign-out', onclick: () => (signOut(), location.reload()) }, 'Sign out');
  fill(document.getElementById('nav')!, VIEWS.filter((v) => v.nav).map((v) => h('a', { href: v.nav!.href }, v.title)));
  status.after(signOutButton);

  let mounted: MountedView | undefined;
  const show = (): void => {
    mounted?.unmount?.();
    const route = parseRoute(location.hash);
    const view = VIEWS.find((v) => v.matches(route))!;
    main.replaceChildren();
    main.dataset.view = route.view;
    mounted = view.mount(main, route, ctx);
    mounted.update();
    scrollTo(0, 0);
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  const update = (): void => {
    if (stop.signal.aborted) return;
    if (cluster.lastErrorCode === 401) {
      // the token was refused (expired, revoked, mistyped): stop asking with it, and ask for another (once: later
      // failures of requests already under way must not redraw the form someone is typing into)
      stop.abort();
      clearInterval(timer);
      mounted?.unmount?.();
      clock.el.remove();
      signOutButton.remove();
      signOut();
      return showSignIn(`The server refused the token: ${cluster.lastError}`);
    }
    const synced = cluster.synced();
    status.textContent = cluster.lastError ? `reconnecting: ${cluster.lastError}` : synced ? 'live' : 'connecting…';
    status.className = cluster.lastError ? 'warning' : synced ? 'live' : 'muted';
    document.body.dataset.synced = String(synced);
    // when the page first had the whole cluster, in ms since navigation started: the load time tests measure
    if (synced && !document.body.dataset.syncedAt) {
      document.body.dataset.syncedAt = String(Math.round(performance.now()));
      void throttling.scrape();
    }
    // the charts start from the first complete picture rather than the next tick
    if (synced && history.pods.length === 0) history.sample();
    clock.update();
    mounted?.update();
  };

  cluster.subscribe(update);
  throttling.subscribe(update);
  addEventListener('hashchange', show);
  // a tab opened in the background starts when it is first shown, and one hidden for a moment lets go of its
  // connections (live-cluster.ts says why), to list and watch again when shown
  cluster.start(stop.signal, !document.hidden);
  let hiding: ReturnType<typeof setTimeout> | undefined;
  document.addEventListener('visibilitychange', () => {
    clearTimeout(hiding);
    if (document.hidden) hiding = setTimeout(() => cluster.pause(), 2000);
    else cluster.resume();
  });
  history.start(stop.signal);
  throttling.start(stop.signal);
  show();
  // relative times ("12s ago") and the cluster clock move on even when nothing changes
  timer = setInterval(update, 1000);
}

const connection = connect();
if (connection) run(connection);
else showSignIn();
