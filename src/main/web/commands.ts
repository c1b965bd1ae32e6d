// POST /api/<command>: JSON in, the Outcome envelope out, through the same dispatch() as every adapter.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CommandError } from '../../shared/contract';
import type { Outcome } from '../../shared/transport';
import { isCommandName } from '../core/handlers/dispatch';
import { dispatchOutcome } from '../core/handlers/outcome';
import type { HandlerTable } from '../core/handlers/types';
import { sendJson, sendText } from './respond';

/** Commands take small JSON objects; a megabyte leaves room for big run plans and nothing more. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * HTTP statuses of the codes dispatch() reports. The state of things forbidding the command is a
 * conflict (409): a run still active, a name taken, a run state that cannot follow its current one.
 * Other codes (disk-full, corrupt-history, go-missing …) are a request understood but not carried
 * out: 422.
 */
const STATUS_BY_CODE: Record<string, number> = {
  invalid: 400,
  'not-found': 404,
  active: 409,
  exists: 409,
  'illegal-transition': 409,
  unavailable: 501,
  internal: 500,
};

export function statusFor(error: CommandError): number {
  return STATUS_BY_CODE[error.code] ?? 422;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function handleCommand(handlers: HandlerTable, name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!isCommandName(name)) return sendText(res, 404, `unknown command: ${name}`);
  if (req.method !== 'POST') return sendText(res, 405, 'commands are POSTed', { allow: 'POST' });
  // Requiring JSON also means a cross-site HTML form cannot post here without a CORS preflight.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return sendText(res, 415, 'send application/json');
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return sendText(res, 413, 'request body too large', { connection: 'close' });

  let raw: unknown;
  try {
    const text = await readBody(req, MAX_BODY_BYTES);
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch (err) {
    if (err instanceof BodyTooLarge) return sendText(res, 413, 'request body too large', { connection: 'close' });
    const outcome: Outcome<never> = { ok: false, error: { message: 'the request body is not valid JSON', field: null, code: 'invalid' } };
    return sendJson(res, 400, outcome);
  }

  const outcome = await dispatchOutcome(handlers, name, raw);
  sendJson(res, outcome.ok ? 200 : statusFor(outcome.error), outcome);
}
