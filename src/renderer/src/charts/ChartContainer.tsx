// A chart as wide as its box from its first frame. recharts' ResponsiveContainer measures its box
// in an effect, which runs after the browser has painted: each chart's first frames were an empty
// box it grew into later (a page of a dozen charts, such as the Cells page, takes seconds to do
// that on a busy machine), and a box measured before the page's layout settled kept that width
// until a resize came. The box is measured here in a layout effect, before the first paint, and
// given to ResponsiveContainer as its initial size; it follows resizes on its own from then on.
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';

export function ChartContainer({ height, children }: { height: number; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => setWidth(box.current!.clientWidth), []);
  return (
    // A box of no width yet (a hidden tab) gives 0, which ResponsiveContainer waits out until its box has one.
    <div ref={box}>
      {width !== null && (
        <ResponsiveContainer width="100%" height={height} initialDimension={{ width, height }}>
          {children}
        </ResponsiveContainer>
      )}
    </div>
  );
}
