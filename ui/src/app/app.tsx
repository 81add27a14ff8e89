import { Suspense, useEffect, type ComponentType } from 'react';
import { TimeProvider } from '../components/time-range/refresh-context';
import { TimeRangePicker } from '../components/time-range/time-range-picker';
import { Icon, type IconName } from '../components/layout/icons';
import { ErrorBoundary, Loading } from '../components/states/states';
import { Link } from '../routing/link';
import { matchPath, navigate, useLocation, withSharedParams } from '../routing/router';
import { ServicesView } from '../views/services/services-view';
import { lazyView, type LazyView, type ViewProps } from './lazy-view';
import './app.css';

// The heavier views load on demand so the first screen stays small. (The metrics explorer is not at
// /metrics: the collector serves its Prometheus exposition there.)
const ServiceView = lazyView(() => import('../views/service/service-view').then((m) => m.ServiceView));
const ServiceMapView = lazyView(() => import('../views/service-map/service-map-view').then((m) => m.ServiceMapView));
const TraceSearchView = lazyView(() => import('../views/trace-search/trace-search-view').then((m) => m.TraceSearchView));
const TraceView = lazyView(() => import('../views/trace/trace-view').then((m) => m.TraceView));
const LogsView = lazyView(() => import('../views/logs/logs-view').then((m) => m.LogsView));
const MetricsView = lazyView(() => import('../views/metrics/metrics-view').then((m) => m.MetricsView));

interface Route {
  pattern: string;
  nav?: string;
  title: string;
  component: ComponentType<ViewProps>;
  /** Lazily loaded views: their code, to load before a deep link's first render. */
  lazy?: LazyView;
  /** Views that show one item (a trace) do not depend on the time range. */
  timeless?: boolean;
}

const ROUTES: Route[] = [
  { pattern: '/services', nav: 'Services', title: 'Services', component: ServicesView },
  { pattern: '/services/:service', title: 'Service', component: ServiceView.component, lazy: ServiceView },
  { pattern: '/map', nav: 'Service map', title: 'Service map', component: ServiceMapView.component, lazy: ServiceMapView },
  { pattern: '/search', nav: 'Traces', title: 'Trace search', component: TraceSearchView.component, lazy: TraceSearchView },
  { pattern: '/traces/:traceId', title: 'Trace', component: TraceView.component, lazy: TraceView, timeless: true },
  { pattern: '/logs', nav: 'Logs', title: 'Logs', component: LogsView.component, lazy: LogsView },
  { pattern: '/metric-explorer', nav: 'Metrics', title: 'Metrics', component: MetricsView.component, lazy: MetricsView },
];

/**
 * Loads the code of the view at `pathname` (a deep link) so the first render shows it at once;
 * index.html's boot script has usually fetched the chunk already.
 */
export async function loadViewFor(pathname: string): Promise<void> {
  await ROUTES.find((route) => matchPath(route.pattern, pathname))?.lazy?.load();
}

/** The other views' code, fetched once the page has settled, so a first navigation does not wait for it. */
function loadAllViewsWhenIdle(): () => void {
  const timer = setTimeout(() => {
    for (const route of ROUTES) route.lazy?.load().catch(() => undefined);
  }, 3_000);
  return () => clearTimeout(timer);
}

const NAV_ICONS: Record<string, IconName> = { Services: 'services', 'Service map': 'map', Traces: 'traces', Logs: 'logs', Metrics: 'metrics' };

export function App() {
  const { pathname, params } = useLocation();
  useEffect(loadAllViewsWhenIdle, []);
  useEffect(() => {
    if (pathname === '/' || pathname === '/index.html') navigate(withSharedParams('/services', params), { replace: true });
  }, [pathname, params]);

  let matched: { route: Route; params: Record<string, string> } | undefined;
  for (const route of ROUTES) {
    const routeParams = matchPath(route.pattern, pathname);
    if (routeParams) {
      matched = { route, params: routeParams };
      break;
    }
  }
  useEffect(() => {
    document.title = matched ? `${matched.route.title} · Sightline` : 'Sightline';
  }, [matched?.route.title]);

  const section = pathname.startsWith('/traces') ? '/search' : pathname.startsWith('/services') ? '/services' : pathname;

  return (
    <TimeProvider>
      <div className="shell">
        <nav className="sidebar" aria-label="Main">
          <Link className="sidebar__brand" href={withSharedParams('/services', params)}>
            <img src="/favicon.svg" alt="" width={26} height={26} />
            <span>Sightline</span>
          </Link>
          {ROUTES.filter((r) => r.nav).map((route) => (
            <Link
              key={route.pattern}
              href={withSharedParams(route.pattern, params)}
              className={`sidebar__item${section === route.pattern ? ' is-active' : ''}`}
              aria-current={section === route.pattern ? 'page' : undefined}
            >
              <span className="sidebar__icon">
                <Icon name={NAV_ICONS[route.nav!]} />
              </span>
              {route.nav}
            </Link>
          ))}
          <div className="sidebar__footer">
            <a href="/api/v1/openapi.json" target="_blank" rel="noreferrer">
              API reference
            </a>
          </div>
        </nav>
        <div className="main">
          {matched && !matched.route.timeless && (
            <header className="topbar">
              <div className="topbar__spacer" />
              <TimeRangePicker />
            </header>
          )}
          <main className="content">
            <ErrorBoundary resetKey={pathname}>
              <Suspense fallback={<Loading />}>
                {matched ? (
                  <matched.route.component key={matched.route.pattern} params={matched.params} />
                ) : pathname === '/' || pathname === '/index.html' ? null : (
                  <div className="page">
                    <h1>Page not found</h1>
                    <p>
                      Nothing lives at <code>{pathname}</code>. <Link href="/services">Go to services</Link>.
                    </p>
                  </div>
                )}
              </Suspense>
            </ErrorBoundary>
          </main>
        </div>
      </div>
    </TimeProvider>
  );
}
