import { describe, expect, it } from 'vitest';
import { failureLine, MAX_FAILURE_LINE } from './exit-message';

describe('exit message', () => {
  it('picks the panic line, else the last line, of a failed target', () => {
    expect(failureLine('starting\r\npanic: boom\r\n\r\ngoroutine 1 [running]:\r\nmain.main()\r\n')).toBe('panic: boom');
    expect(failureLine('\x1b[31mgmpstress: -duration: too long\x1b[0m\r\n')).toBe('gmpstress: -duration: too long');
  });

  it("passes over the workbench's own lines: a target that said nothing has no words", () => {
    expect(failureLine('gmpw: the target runs in cgroup v1 /sys/fs/cgroup/freezer/x\r\n')).toBeNull();
    expect(failureLine('last words\r\ngmpw: the target runs in cgroup v2 /x\r\n')).toBe('last words');
  });

  it("passes over ssh's close of a remote run's session: a killed target's reason is not 'Connection to … closed.'", () => {
    expect(failureLine('ticks\r\nConnection to 127.0.0.1 closed.\r\n')).toBe('ticks');
    expect(failureLine('Connection to lab.example closed.\r\n')).toBeNull();
  });

  it('passes over the build steps echoed before the target: a silent target is not its build command', () => {
    const built = '$ go list ./silent\r\n./silent\r\n$ go build -o /data/cache/program .\r\n';
    expect(failureLine(built)).toBeNull();
    expect(failureLine(`${built}bye\r\n`)).toBe('bye');
    expect(failureLine('$ GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -o /d/program .\r\n')).toBeNull();
    // A line of the target's own that starts with "$ " is its words, and hides none before it.
    expect(failureLine(`${built}panic: boom\r\n$ ls\r\n`)).toBe('panic: boom');
  });

  it('cuts a line of megabytes, saying how long it was', () => {
    const line = failureLine(`${'x'.repeat(3_000_000)}\r\n`)!;
    expect(line.length).toBeLessThan(MAX_FAILURE_LINE + 40);
    expect(line).toMatch(/^x+… \(3,000,000 characters\)$/);
  });
});
