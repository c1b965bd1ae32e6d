// report.export: a self-contained HTML report of runs, a comparison or an experiment's cells. The
// report's data is recorded by sending the app's own queries through the handler table.
import { exportReport, type Query, type ReportBundleDir } from '../report';
import type { DomainHandlers } from './types';

export interface ReportDeps {
  /** Where the built report bundle is; absent where the core was started without one. */
  reportBundleDir: ReportBundleDir;
}

export function createReportHandlers(deps: ReportDeps, query: Query): DomainHandlers<'report.export'> {
  return {
    async 'report.export'({ runIds, experimentId, baseline }) {
      const selection = experimentId !== undefined ? { experimentId, baseline } : { runIds: runIds!, baseline };
      return exportReport(query, deps.reportBundleDir, selection);
    },
  };
}
