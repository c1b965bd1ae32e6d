// Hash routing: the app is one page, served from a file or a loopback server, so the route lives in
// location.hash and needs nothing from the server.
import { useEffect, useState } from 'react';

export type Route =
  | { page: 'runs' }
  | { page: 'new'; from?: string }
  | { page: 'live'; runIds: string[] }
  | { page: 'run'; id: string }
  | { page: 'compare'; baseline: string; candidates: string[] }
  /** An experiment's cells with statistics; an empty baseline means its first cell. */
  | { page: 'cells'; experimentId: string; baseline: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const list = (s: string | undefined) => (s ? s.split(',').filter(Boolean) : []);
  switch (parts[0]) {
    case 'new':
      return parts[1] ? { page: 'new', from: parts[1] } : { page: 'new' };
    case 'live':
      return { page: 'live', runIds: list(parts[1]) };
    case 'run':
      return parts[1] ? { page: 'run', id: parts[1] } : { page: 'runs' };
    case 'compare':
      return { page: 'compare', baseline: parts[1] ?? '', candidates: list(parts[2]) };
    case 'cells':
      return { page: 'cells', experimentId: parts[1] ?? '', baseline: parts[2] ?? '' };
    default:
      return { page: 'runs' };
  }
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case 'runs':
      return '#/runs';
    case 'new':
      return route.from ? `#/new/${encodeURIComponent(route.from)}` : '#/new';
    case 'live':
      return `#/live/${route.runIds.map(encodeURIComponent).join(',')}`;
    case 'run':
      return `#/run/${encodeURIComponent(route.id)}`;
    case 'compare':
      return `#/compare/${encodeURIComponent(route.baseline)}/${route.candidates.map(encodeURIComponent).join(',')}`;
    case 'cells':
      return `#/cells/${encodeURIComponent(route.experimentId)}/${encodeURIComponent(route.baseline)}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
