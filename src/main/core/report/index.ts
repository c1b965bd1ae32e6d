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

/** `ms` is the export itself: collecting, pruning and inlining, not building a stale bundle first. */
export async function exportReport(query: Query, bundleDir: ReportBundleDir, selection: ReportSelection): Promise<ExportedReport> {
  const bundle = await loadReportBundle(await bundleDir());
  const started = performance.now();
  const html = reportHtml(bundle, await collectSnapshot(query, selection, new Date()));
  return { fileName: reportFileName(selection), html, bytes: Buffer.byteLength(html), ms: Math.round(performance.now() - started) };
}
