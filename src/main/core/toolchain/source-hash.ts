// A content hash of a Go module's sources, so a built tool is reused until its sources change.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

const SOURCE_FILE = /(\.go|\.s|\.c|\.h|^go\.mod|^go\.sum)$/;

async function listSources(root: string, dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  // A nested go.mod starts another module: its files are not part of this one's build.
  if (dir !== root && entries.some((e) => e.isFile() && e.name === 'go.mod')) return;
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'testdata' || e.name.startsWith('.') || e.name.startsWith('_')) continue;
      await listSources(root, path, out);
    } else if (e.isFile() && SOURCE_FILE.test(e.name) && !e.name.endsWith('_test.go')) {
      out.push(relative(root, path));
    }
  }
}

/** sha256 over the relative path and content of every source file of the module rooted at `root`. */
export async function moduleSourceHash(root: string): Promise<string> {
  const files: string[] = [];
  await listSources(root, root, files);
  files.sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file).update('\0');
    hash.update(await readFile(join(root, file))).update('\0');
  }
  return hash.digest('hex');
}
