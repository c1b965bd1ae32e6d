import { describe, expect, it } from 'vitest';
import { failureLine } from './exit-message';

describe('exit message', () => {
  it('picks the panic line, else the last line, of a failed target', () => {
    expect(failureLine('starting\r\npanic: boom\r\n\r\ngoroutine 1 [running]:\r\nmain.main()\r\n')).toBe('panic: boom');
    expect(failureLine('\x1b[31mgmpstress: -duration: too long\x1b[0m\r\n')).toBe('gmpstress: -duration: too long');
  });});
