// The test suites run two workers side by side on purpose, each with its own data folders: each
// worker gets its own run lock (runner/machine-lock.ts), as two deliberately separate workbenches
// would, so that one worker's runs do not wait for the other's. Processes the tests start (gmpw)
// inherit it. The lock's own tests choose their files.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.GMPW_MACHINE_LOCK = join(tmpdir(), `gmp-workbench-test-lock-${process.env.VITEST_POOL_ID ?? process.pid}`, 'machine.lock');
