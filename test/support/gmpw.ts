// gmpw as a user runs it, for the CLI's tests: a subprocess (bin/gmpw.mjs through tsx) on a given
// data directory.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const GMPW = resolve(__dirname, '../../bin/gmpw.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A gmpw runner bound to one data directory, with `env` added to this process's environment. */
export function gmpwIn(dataDir: string, env: Record<string, string> = {}): (...args: string[]) => Promise<CliResult> {
  return (...args) =>
    new Promise((done) => {
      execFile(process.execPath, [GMPW, ...args, '--data-dir', dataDir], { timeout: 300_000, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
        done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
}

/** The run folders of a data directory (run ids). */
export const runFolders = (dataDir: string): string[] => (existsSync(join(dataDir, 'runs')) ? readdirSync(join(dataDir, 'runs')) : []);
