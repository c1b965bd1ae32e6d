// What a run ran, in one line, for the Run page, `gmpw show` and a report's summary: the target with
// every parameter it ran with, defaults included (a default a later catalog changes is still said).
import type { RunDetail } from './contract';

/** "(hogs=2, spin=10ms)", or nothing without parameters. */
function paramsText(detail: Pick<RunDetail, 'params'>): string {
  const params = Object.entries(detail.params).sort(([a], [b]) => a.localeCompare(b));
  return params.length ? ` (${params.map(([k, v]) => `${k}=${v}`).join(', ')})` : '';
}

/** "scenario pingpong-hog (hogs=2)", "go test -bench 'Ping' -benchtime 2s ./pkg", "program ./cmd/x -scenario s", "endpoint ./srv (http://…)". */
export function targetText(detail: Pick<RunDetail, 'params' | 'config'>): string {
  const t = detail.config.target;
  switch (t.kind) {
    case 'scenario':
      return `scenario ${t.id}${paramsText(detail)}`;
    case 'bench':
      return `go test -bench '${t.bench}'${t.benchtime ? ` -benchtime ${t.benchtime}` : ''} ${t.pkg}`;
    case 'program':
      return `program ${t.path}${t.scenario ? ` -scenario ${t.scenario}` : ''}${paramsText(detail)}`;
    case 'endpoint':
      return `endpoint ${t.path} (${t.pprofUrl})`;
  }
}
