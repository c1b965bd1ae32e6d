// toolchain.*: the Go the core found, or what is wrong and how to fix it.
import type { Toolchain } from '../toolchain';
import type { DomainHandlers } from './types';

export function createToolchainHandlers(toolchain: Toolchain): DomainHandlers<'toolchain.info'> {
  return { 'toolchain.info': () => toolchain.info() };
}
