// gmpw hosts list's table, without a host to reach.
import { describe, expect, it } from 'vitest';
import { hostsTable } from './hosts';

describe('gmpw hosts list', () => {
  it('aligns the name, destination and ssh options in columns under a header', () => {
    const text = hostsTable([
      { name: 'averyveryverylongname', destination: 'x', sshOptions: ['-p', '22'] },
      { name: 'lab', destination: 'me@lab', sshOptions: [] },
      { name: 'lab2', destination: 'me@lab2.example', sshOptions: ['-p', '2222', '-i', '/tmp/k'] },
    ]);
    expect(text.split('\n')).toEqual([
      'name                   destination      ssh options',
      'averyveryverylongname  x                -p 22',
      'lab                    me@lab',
      'lab2                   me@lab2.example  -p 2222 -i /tmp/k',
    ]);
  });

  it('prints a stored destination as text, never as terminal control', () => {
    expect(hostsTable([{ name: 'odd', destination: 'me@odd\x1b[2J', sshOptions: [] }])).not.toMatch(/\x1b/);
  });
});
