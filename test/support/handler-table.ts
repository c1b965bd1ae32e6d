// A handler table for adapter tests that need no real core: every command fails loudly unless the
// test provides it, so a test cannot pass by reaching a handler it did not mean to.
import { COMMAND_NAMES } from '../../src/shared/contract';
import type { HandlerTable } from '../../src/main/core/handlers/types';

export function handlerTable(overrides: Partial<HandlerTable>): HandlerTable {
  const table = Object.fromEntries(
    COMMAND_NAMES.map((name) => [name, async () => { throw new Error(`unexpected call to ${name}`); }]),
  ) as unknown as HandlerTable;
  return { ...table, ...overrides };
}
