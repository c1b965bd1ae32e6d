// GET /api/artifact/<run id>/<name>: a run's file as a download, so a remote `gmpw serve` hands out
// profiles and traces as the desktop app has them on disk. The server checked the token before
// routing here; the core decides which file a name means (only the run's own, inside its folder).
import type { FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ARTIFACT_PREFIX } from '../../shared/transport';
import { openRegularFile } from '../core/regular-file';
import { sendText, startStream } from './respond';

/** Where a run's listed file is, and the size the run left it at; null for none of the run's. */
export type ArtifactFile = (runId: string, name: string) => { path: string; size: number } | null;

function parse(pathname: string): { runId: string; name: string } | null {
  const parts = pathname.slice(ARTIFACT_PREFIX.length).split('/');
  if (parts.length !== 2) return null;
  try {
    const [runId, name] = parts.map(decodeURIComponent);
    return runId && name ? { runId, name } : null;
  } catch {
    return null;
  }
}

/**
 * The header that names the download: an imported file keeps the user's name, which may hold any
 * character; a header takes Latin-1 without controls, so the name goes as RFC 6266's UTF-8
 * `filename*`, with an ASCII stand-in for old clients.
 */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function handleArtifactDownload(artifactFile: ArtifactFile, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'artifacts are read with GET', { allow: 'GET, HEAD' });
  const wanted = parse(pathname);
  const file = wanted && artifactFile(wanted.runId, wanted.name);
  if (!wanted || !file) return sendText(res, 404, 'no such artifact');
  let handle: FileHandle;
  try {
    // The run's folder holds the files the store registered, never a link: one put there since
    // (a copied or shared data folder) would hand out a file from anywhere.
    handle = await openRegularFile(file.path, { followLink: false });
  } catch (err) {
    const gone = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return sendText(res, 404, gone ? 'the artifact is listed but its file is gone' : "the artifact's file is no longer a regular file of the run's folder");
  }
  try {
    const { size } = await handle.stat();
    // Checked on the file opened: one replaced since the run ended is not the run's to hand out.
    if (size !== file.size) return sendText(res, 404, "the artifact's file was replaced since the run (its size is not the one recorded): it is not the run's");
    startStream(res, {
      'content-type': 'application/octet-stream',
      'content-length': String(size),
      'content-disposition': contentDisposition(wanted.name),
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') return void res.end();
    // pipeline ends the file's stream when the client goes away midway; the handle closes below.
    await pipeline(handle.createReadStream({ autoClose: false }), res);
  } catch {
    res.destroy();
  } finally {
    await handle.close();
  }
}
