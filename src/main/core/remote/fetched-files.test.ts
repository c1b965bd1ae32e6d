// A host's out/ folder as a hostile host could send it, unpacked by real tar with the flags the
// runner uses: only plain files and folders are kept, and nothing outside is touched.
import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { scratchDir } from '../../../../test/support/scratch';
import { dropUnsafeEntries } from './fetched-files';

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
  const archive = join(scratch, 'out.tar');
  execFileSync('tar', ['-cf', archive, '-C', sent, '.']);

  const landing = join(scratch, 'landing');
  mkdirSync(landing);
  execFileSync('tar', ['-xf', archive, '--no-same-owner', '--no-same-permissions', '-C', landing]);
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
