// The ssh command line keeps the host's options first and the destination after "--".
import { describe, expect, it } from 'vitest';
import { sshArgs } from './ssh';

describe('sshArgs', () => {
  it("puts the host's options before the workbench's defaults and the destination after --", () => {
    const args = sshArgs({ destination: 'me@lab', sshOptions: ['-p', '2222', '-o', 'ConnectTimeout=3'] }, 'uname', ['-tt']);
    expect(args.slice(0, 5)).toEqual(['-p', '2222', '-o', 'ConnectTimeout=3', '-tt']);
    expect(args).toContain('BatchMode=yes');
    expect(args.slice(-3)).toEqual(['--', 'me@lab', 'uname']);
    // ssh keeps the first value of an option: the host's ConnectTimeout comes before the default one.
    expect(args.indexOf('ConnectTimeout=3')).toBeLessThan(args.findIndex((a) => a.startsWith('ConnectTimeout=1')));
  });
});
