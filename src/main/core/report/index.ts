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
  /** What the report shows as an error where the app would show it (a profile deleted since the run), each once. */
  unanswered: string[];
}

/** gmpw-report-<what>.html from the run or experiment ids (already limited to [A-Za-z0-9_-]). */
function reportFileName(selection: ReportSelection): string {
  const what = 'experimentId' in selection ? `experiment-${selection.experimentId}` : selection.runIds.join('-vs-');
  return `gmpw-report-${what.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 120)}.html`;
}

/**
 * The snapshot is collected first, so a selection that names no run fails before a stale bundle is
 * rebuilt; `ms` is the export itself (collecting, pruning, inlining), not that build.
 */
export async function exportReport(query: Query, bundleDir: ReportBundleDir, selection: ReportSelection): Promise<ExportedReport> {
  const collectStarted = performance.now();
  const snapshot = await collectSnapshot(query, selection, new Date());
  const collectMs = performance.now() - collectStarted;
  const bundle = await loadReportBundle(await bundleDir());
  const inlineStarted = performance.now();
  const html = reportHtml(bundle, snapshot);
  const ms = collectMs + performance.now() - inlineStarted;
  const unanswered = [...new Set(Object.values(snapshot.answers).flatMap((a) => (a.ok ? [] : [a.error.message])))];
  return { fileName: reportFileName(selection), html, bytes: Buffer.byteLength(html), ms: Math.round(ms), unanswered };
}
