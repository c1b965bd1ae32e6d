// A Cells-table verdict as the page shows it: compare.cells' verdict, its change over its test
// (src/renderer/src/pages/compare/verdict-cell.ts, unit-tested there), benchstat's wording on hover.
import type { Locator } from '@playwright/test';
import type { GroupComparison } from '../../src/shared/contract';
import { verdictCell } from '../../src/renderer/src/pages/compare/verdict-cell';
import { expect } from './fixtures';

export async function expectVerdict(cell: Locator, verdict: GroupComparison['metrics'][number]['candidates'][number]['verdict']): Promise<void> {
  const { headline, detail } = verdictCell(verdict);
  await expect(cell).toHaveText(headline + detail);
  await expect(cell).toHaveAttribute('title', verdict.text);
}
