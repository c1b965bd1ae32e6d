// Run and experiment ids: short, readable, and sortable by creation time, so that a folder listing
// of <data>/runs and `ORDER BY id` both show the history in order.
import { randomBytes } from 'node:crypto';

let lastStamp = '';
let sequence = 0;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** e.g. "261128-031907-00x4": UTC yyMMdd-HHmmss, a per-second sequence, and two random characters
 *  that keep ids from two processes in the same second apart. */
export function newId(now: Date = new Date()): string {
  const stamp =
    `${pad(now.getUTCFullYear() % 100)}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}-` +
    `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  sequence = stamp === lastStamp ? sequence + 1 : 0;
  lastStamp = stamp;
  const random = (randomBytes(2).readUInt16BE(0) % 1296).toString(36).padStart(2, '0');
  return `${stamp}-${sequence.toString(36).padStart(2, '0')}${random}`;
}
