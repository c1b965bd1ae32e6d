// First start on a machine whose Go is missing or too old: the first screen says so and what to
// install, and finds Go once it is there, with no restart. GMPW_GO points the core at one path,
// which the test turns from missing into an old Go and then into the real one.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect, test } from './fixtures';
import { startGmpwServe } from './gmpw-serve';

const realGo = join(execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim(), 'bin', 'go');
const realVersion = execFileSync(realGo, ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();

test('a missing or too old Go is explained on the first screen, and found after installing it', async ({ page, shot }) => {
  const scratch = mkdtempSync(join(tmpdir(), 'gmpw-first-start-'));
  const go = join(scratch, 'go');
  const server = await startGmpwServe([], { GMPW_GO: go });
  try {
    await page.goto(server.url);
    const notice = page.getByTestId('go-setup');
    await expect(notice).toContainText('Go is needed before anything can run');
    await expect(notice).toContainText(`Go was not found at ${go}`);
    await expect(notice).toContainText('https://go.dev/dl/');
    await expect(page.getByTestId('toolchain-status')).toContainText('Go not usable');
    await shot('go-missing');

    // An old Go: `go env GOVERSION` answers go1.20.14.
    writeFileSync(go, '#!/bin/sh\necho go1.20.14\n');
    chmodSync(go, 0o755);
    await notice.getByRole('button', { name: 'Check again' }).click();
    await expect(notice).toContainText(`${go} is go1.20.14, older than go1.22`);
    await expect(notice).toContainText('Install Go 1.22 or newer');

    // Installed: the notice goes and the top bar names the version.
    writeFileSync(go, `#!/bin/sh\nexec '${realGo}' "$@"\n`);
    await notice.getByRole('button', { name: 'Check again' }).click();
    await expect(page.getByTestId('toolchain-status')).toContainText(realVersion);
    await expect(notice).toHaveCount(0);
  } finally {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
});
