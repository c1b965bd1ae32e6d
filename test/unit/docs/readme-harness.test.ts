// README's "Your own Go program on the harness" compiles as written: its Go block and its shell
// steps (go mod init, go mod edit) are taken from README.md and run in a fresh temporary module.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Your own Go program on the harness'));

describe("README's harness example", () => {
  it('builds with the go mod init and go mod edit steps README gives', () => {
    const program = /```go\n([\s\S]*?)```/.exec(section)?.[1];
    const init = /`(go mod init [^`]+)`/.exec(section)?.[1];
    const edit = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
    expect(program, 'a Go block').toBeDefined();
    expect(init, 'a go mod init with a module path').toMatch(/^go mod init \S+$/);
    expect(edit, 'the go mod edit step').toContain('go mod edit');
    const dir = mkdtempSync(join(tmpdir(), 'gmpw-readme-'));
    try {
      writeFileSync(join(dir, 'main.go'), program!);
      const run = (args: string[]) => execFileSync('go', args, { cwd: dir, stdio: 'pipe', timeout: 120_000, env: { ...process.env, GOFLAGS: '-mod=mod' } });
      run(init!.split(' ').slice(1));
      // README's placeholder path is this checkout's resources/go.
      const editArgs = edit!.replace(/\\\n\s*/g, ' ').replace('/path/to/gmp-workbench', root).trim().split(/\s+/).slice(1);
      run(editArgs);
      run(['build', '-o', join(dir, 'myprog'), '.']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
