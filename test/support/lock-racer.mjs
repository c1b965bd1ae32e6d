// One contender of the machine-lock race (machine-lock.test.ts). Loads the lock from the CommonJS
// bundle the test compiled once (so that a hundred contenders start in seconds), says "ready", and
// waits for the starting line on stdin so that every contender starts at once. Then:
//   race LOCK INSIDE HOLD_MS BUDGET_MS  tries to hold the lock within its budget; while holding it,
//       creates the shared INSIDE file exclusively: finding it already there means another process
//       holds the lock too. Prints held, overlap or gave-up.
//   hold LOCK  takes the lock, prints "holding" and keeps it until killed.
import { rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';

const [bundle, mode, lockFile, insideFile, holdMs, budgetMs] = process.argv.slice(2);
const { MachineLock } = createRequire(import.meta.url)(bundle);
const lock = new MachineLock(lockFile);
process.stdout.write('ready\n');
await once(process.stdin, 'data');

if (mode === 'hold') {
  await lock.acquire(new AbortController().signal);
  process.stdout.write('holding\n');
  setInterval(() => {}, 1 << 30);
} else {
  let outcome = 'held';
  try {
    await lock.acquire(AbortSignal.timeout(Number(budgetMs)));
  } catch {
    outcome = 'gave-up';
  }
  if (outcome === 'held') {
    try {
      writeFileSync(insideFile, String(process.pid), { flag: 'wx' });
    } catch {
      outcome = 'overlap';
    }
    await sleep(Number(holdMs));
    if (outcome === 'held') rmSync(insideFile);
    lock.release();
  }
  process.stdout.write(`${outcome}\n`);
  process.exit(0);
}
