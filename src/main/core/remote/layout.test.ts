// The scripts a host runs, run here by a real sh in a temporary "home": the upload lands an
// executable, the run passes exactly the environment and arguments given and records its group,
// the metrics follower ends with the target, and the fetch streams out/ and removes the folder.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RemoteRunDir, REMOTE_OUT } from './layout';

let home: string;
const remote = new RemoteRunDir('run-1');
const sh = (script: string, input?: string | Buffer) => spawnSync('sh', ['-c', script], { cwd: home, input });

/** A target that prints its environment's GMPW_/X_ variables and its arguments, then writes out/metrics.jsonl. */
const TARGET = `#!/bin/sh
env | grep -E '^(GMPW_|X_)' | sort
for a in "$@"; do echo "arg=$a"; done
echo '{"t":1}' >> ${REMOTE_OUT}/metrics.jsonl
printf '{"t":' >> ${REMOTE_OUT}/metrics.jsonl
sleep 0.5
echo '2}' >> ${REMOTE_OUT}/metrics.jsonl
echo '{"t":3}' >> ${REMOTE_OUT}/metrics.jsonl
`;
/** What the target leaves in metrics.jsonl: a line written in two steps, and the last one just before it exits. */
const METRICS = '{"t":1}\n{"t":2}\n{"t":3}\n';

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'gmpw-layout-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('remote run folder scripts', () => {
  it('upload, run, follow and fetch, with nothing left behind', async () => {
    expect(sh(remote.upload(), TARGET).status).toBe(0);
    const target = join(home, remote.dir, 'bin', 'target');
    expect(statSync(target).mode & 0o111).not.toBe(0);

    const follower = spawn('sh', ['-c', remote.followMetrics()], { cwd: home });
    let followed = '';
    follower.stdout.on('data', (c: Buffer) => (followed += c.toString('utf8')));
    const followerDone = new Promise<number | null>((resolve) => follower.on('close', resolve));

    const run = sh(remote.run({ GMPW_CONCURRENCY: '4', X_QUOTE: "it's $HOME" }, ['-out', REMOTE_OUT, '-param', 'a b']));
    expect(run.status).toBe(0);
    expect(run.stdout.toString()).toBe(`GMPW_CONCURRENCY=4\nX_QUOTE=it's $HOME\narg=-out\narg=${REMOTE_OUT}\narg=-param\narg=a b\n`);
    expect(Number(readFileSync(join(home, remote.dir, 'pid'), 'utf8'))).toBeGreaterThan(0);

    // The follower saw every byte once, the line written in two steps and the last one included,
    // and ended by itself once the target's process was gone.
    expect(await followerDone).not.toBeNull();
    expect(followed).toBe(METRICS);

    const fetched = sh(remote.fetchAndRemove());
    expect(fetched.status).toBe(0);
    const unpacked = join(home, 'unpacked');
    mkdirSync(unpacked);
    expect(spawnSync('tar', ['-xf', '-', '-C', unpacked], { input: fetched.stdout }).status).toBe(0);
    expect(readFileSync(join(unpacked, 'metrics.jsonl'), 'utf8')).toBe(METRICS);
    expect(existsSync(join(home, remote.dir))).toBe(false);
  });

  it('clears run folders older than a day on upload, and keeps recent ones', () => {
    const old = join(home, '.gmpw', 'runs', 'old');
    const recent = join(home, '.gmpw', 'runs', 'recent');
    mkdirSync(old, { recursive: true });
    mkdirSync(recent, { recursive: true });
    writeFileSync(join(old, 'pid'), '1');
    expect(spawnSync('touch', ['-d', '3 days ago', old]).status).toBe(0);
    expect(sh(remote.upload(), TARGET).status).toBe(0);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });
});
