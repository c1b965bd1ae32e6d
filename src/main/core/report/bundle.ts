// The report's script and style, built from the renderer's sources by report.vite.config.mts into
// one folder (out/report). Whoever creates the core says where that folder is and makes sure it
// is built: the CLI rebuilds it when the sources are newer, the desktop app ships it in app.asar
// (scripts/dist.mjs builds it, electron-builder.yml packs it).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportBundle } from './html';

const REPORT_SCRIPT = 'report.js';
const REPORT_STYLE = 'report.css';

/** Resolves to the folder holding the built bundle. */
export type ReportBundleDir = () => Promise<string>;

export async function loadReportBundle(dir: string): Promise<ReportBundle> {
  try {
    const [script, style] = await Promise.all([readFile(join(dir, REPORT_SCRIPT), 'utf8'), readFile(join(dir, REPORT_STYLE), 'utf8')]);
    return { script, style };
  } catch (err) {
    throw new Error(`the report bundle is missing from ${dir} (${(err as Error).message}); build it with \`npm run build\``);
  }
}
