// A host's out/ folder as a hostile host could send it, unpacked by real tar as the runner unpacks
// it: only plain files and folders are kept, nothing outside is touched, and no more is taken than
// the disk can hold.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { scratchDir } from '../../../../test/support/scratch';
import { spaceAllowance } from '../store/disk-space';
import { dropUnsafeEntries, unpackArchive } from './untrusted-files';

/** A real tar stream of `dir`, as a host's `tar -cf - .` sends it. */
const tarStream = (dir: string) => spawn('tar', ['-cf', '-', '-C', dir, '.'], { stdio: ['ignore', 'pipe', 'ignore'] }).stdout;

it('keeps plain files and folders, and drops symbolic links, hard links and special files', async () => {
  const scratch = scratchDir('gmpw-fetched-');
  const outside = join(scratch, 'secret.txt');
  writeFileSync(outside, 'local secret');
  const sent = join(scratch, 'sent');
  mkdirSync(join(sent, 'profiles'), { recursive: true });
  writeFileSync(join(sent, 'result.json'), '{}');
  writeFileSync(join(sent, 'profiles', 'cpu.pprof'), 'pprof');
  symlinkSync(outside, join(sent, 'terminal.log'));
  symlinkSync('../../secret.txt', join(sent, 'analysis.json'));
  symlinkSync(scratch, join(sent, '.trace-profiles'));
  linkSync(join(sent, 'result.json'), join(sent, 'profiles', 'heap.pprof'));
  execFileSync('mkfifo', [join(sent, 'fifo')]);
  const landing = join(scratch, 'landing');
  mkdirSync(landing);
  expect(await unpackArchive(tarStream(sent), landing, 1024 ** 2)).toBeNull();
  const dropped = await dropUnsafeEntries(landing);

  // Of two names for one file, the first met goes; the other is then a plain file of its own.
  const hardLinks = dropped.filter((d) => d.endsWith('(a hard link)'));
  expect(hardLinks).toHaveLength(1);
  expect(dropped.filter((d) => !hardLinks.includes(d)).sort()).toEqual([
    `.trace-profiles (a symbolic link to ${scratch})`,
    'analysis.json (a symbolic link to ../../secret.txt)',
    'fifo (not a regular file)',
    `terminal.log (a symbolic link to ${outside})`,
  ]);
  const kept = ['profiles/cpu.pprof', 'profiles/heap.pprof', 'result.json'].filter((f) => existsSync(join(landing, f)));
  expect(kept).toHaveLength(2);
  expect(kept).toContain('profiles/cpu.pprof');
  for (const f of kept) expect(lstatSync(join(landing, f)).isFile() && lstatSync(join(landing, f)).nlink === 1).toBe(true);
  expect(readdirSync(landing).every((f) => ['profiles', 'result.json'].includes(f))).toBe(true);
  expect(readFileSync(outside, 'utf8')).toBe('local secret');
});

it('stops unpacking once a host has sent more than the disk can take, and says so', async () => {
  const scratch = scratchDir('gmpw-fetch-limit-');
  const sent = join(scratch, 'sent');
  mkdirSync(sent);
  writeFileSync(join(sent, 'trace.out'), randomBytes(4 * 1024 ** 2));

  const cut = join(scratch, 'cut');
  mkdirSync(cut);
  const failure = await unpackArchive(tarStream(sent), cut, 1024 ** 2);
  expect(failure).toEqual({ overLimit: true, text: expect.stringMatching(/^the host sent more than 1 MiB, all this disk can take while keeping 256 MiB free/) });
  const partial = join(cut, 'trace.out');
  expect(existsSync(partial) ? statSync(partial).size : 0).toBeLessThanOrEqual(1024 ** 2);

  const whole = join(scratch, 'whole');
  mkdirSync(whole);
  expect(await unpackArchive(tarStream(sent), whole, 8 * 1024 ** 2)).toBeNull();
  expect(readFileSync(join(whole, 'trace.out')).equals(readFileSync(join(sent, 'trace.out')))).toBe(true);

  // A broken archive is tar's error, not a limit.
  const junk = join(scratch, 'junk');
  mkdirSync(junk);
  writeFileSync(join(scratch, 'junk.tar'), randomBytes(10_000));
  const broken = spawn('cat', [join(scratch, 'junk.tar')], { stdio: ['ignore', 'pipe', 'ignore'] }).stdout;
  expect(await unpackArchive(broken, junk, 1024 ** 2)).toEqual({ overLimit: false, text: expect.stringMatching(/^tar could not unpack them: /) });

  // The allowance is the disk's free space less the reserve.
  const free = Number(execFileSync('df', ['--output=avail', '-B1', scratch], { encoding: 'utf8' }).trim().split('\n')[1]);
  expect(Math.abs((await spaceAllowance(scratch)) - (free - 256 * 1024 ** 2))).toBeLessThan(64 * 1024 ** 2);
});

