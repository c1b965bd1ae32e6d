// How charts are first painted: every frame from now on is watched, and each chart is sampled in
// the first frame it is on the page (a chart drawn small, or an empty box it fills later, is seen
// then, which waiting for the page to settle would never see).
import type { Page } from '@playwright/test';

/** A chart in its first frame: its svg's width (0: not drawn yet) and its box's; and its box's now. */
export interface FirstPaint {
  svg: number;
  box: number;
  boxNow: number;
}

/**
 * Starts watching, for every document the page loads from now on, the charts `selector` names (the
 * box a chart fills, its svg inside); the function returned gives what each one's first frame held.
 */
export async function watchFirstPaint(page: Page, selector: string): Promise<() => Promise<FirstPaint[]>> {
  await page.addInitScript((sel) => {
    const first = new Map<Element, { svg: number; box: number }>();
    (window as unknown as { firstPaints: typeof first }).firstPaints = first;
    // A requestAnimationFrame callback runs once a frame, after React's commits and before the paint.
    const frame = () => {
      for (const box of document.querySelectorAll(sel)) {
        if (first.has(box)) continue;
        const svg = box.querySelector('svg.recharts-surface');
        first.set(box, { svg: svg ? svg.getBoundingClientRect().width : 0, box: box.getBoundingClientRect().width });
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, selector);
  return () =>
    page.evaluate(() => {
      const first = (window as unknown as { firstPaints: Map<Element, { svg: number; box: number }> }).firstPaints;
      return [...first].map(([box, seen]) => ({ ...seen, boxNow: box.getBoundingClientRect().width }));
    });
}
