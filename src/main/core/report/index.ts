// report.export: collect the snapshot, inline it with the report bundle, and say how big and how
// long. The caller writes the file (the CLI) or offers it as a download (the app).
import { loadReportBundle, type ReportBundleDir } from './bundle';
import { collectSnapshot, type Query, type ReportSelection } from './collect';
import { reportHtml } from './html';

export type { ReportBundleDir } from './bundle';
export type { Query, ReportSelection } from './collect';

export interface ExportedReport {
  fileName: string;
  html: string;
  bytes: number;
  ms: number;
}

/** gmpw-report-<what>.html from the run or experiment ids (already limited to [A-Za-z0-9_-]). */
export function reportFileName(selection: ReportSelection): string {
  const what = 'experimentId' in selection ? `experiment-${selection.experimentId}` : selection.runIds.join('-vs-');
  return `gmpw-report-${what.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 120)}.html`;
}

export async function exportReport(query: Query, bundleDir: ReportBundleDir, selection: ReportSelection): Promise<ExportedReport> {
  const started = performance.now();
  const [snapshot, bundle] = await Promise.all([collectSnapshot(query, selection, new Date()), bundleDir().then(loadReportBundle)]);
  const html = reportHtml(bundle, snapshot);
  return { fileName: reportFileName(selection), html, bytes: Buffer.byteLength(html), ms: Math.round(performance.now() - started) };
}
