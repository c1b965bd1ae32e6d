// Worker thread that decodes profiles, so a large profile never blocks the Electron main process
// (decoding 300k stacks takes seconds).
import { parentPort } from 'node:worker_threads';
import { writeCachedTree } from './cache-file';
import { decodeProfileFile } from './decode';
import type { DecodeReply, DecodeRequest } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('flame worker: must run in a worker thread');

port.on('message', async (req: DecodeRequest) => {
  port.postMessage({ id: req.id, started: true } satisfies DecodeReply);
  let reply: DecodeReply;
  try {
    const tree = await decodeProfileFile(req.file, req.kind, { maxDecompressedBytes: req.maxDecompressedBytes }, req.focus);
    writeCachedTree(req.cacheFile, tree);
    reply = { id: req.id, tree };
  } catch (err) {
    const e = err as Error & { code?: unknown };
    reply = { id: req.id, error: { message: e.message ?? String(err), code: typeof e.code === 'string' ? e.code : 'internal' } };
  }
  port.postMessage(reply);
});
