import { useCallback, useLayoutEffect, useMemo, useState, type RefObject } from 'react';

export interface RowWindow {
  /** Indexes of the rows to render (those in view plus `overscan` on each side), first to last. */
  first: number;
  last: number;
  /** Top of row `index` in px from the top of the list. */
  top: (index: number) => number;
  totalHeight: number;
  /** Scrolls the least distance that brings row `index` fully into view (nothing if it is). */
  scrollIntoView: (index: number) => void;
}

/**
 * Virtualization of a list whose rows have known heights: which rows a scrolling element shows.
 * Row tops are one prefix-sum array (no object per row: a 10,000-span waterfall's first render
 * on a cold page spent ~20 ms building and memoizing a measurement object per row in a general
 * virtualizer), the window is found by binary search, and nothing here reads layout: the viewport
 * comes from scroll events and a ResizeObserver, so rendering never forces a synchronous layout.
 * Until the first observation the viewport is taken as the window's height, which the scrolling
 * element cannot exceed.
 */
export function useRowWindow(scrollRef: RefObject<HTMLElement | null>, count: number, heightOf: (index: number) => number, overscan: number): RowWindow {
  const tops = useMemo(() => {
    const out = new Float64Array(count + 1);
    for (let i = 0; i < count; i++) out[i + 1] = out[i] + heightOf(i);
    return out;
  }, [count, heightOf]);
  const [viewport, setViewport] = useState(() => ({ top: 0, height: typeof window === 'undefined' ? 800 : window.innerHeight }));

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const onScroll = () => setViewport((previous) => (previous.top === element.scrollTop ? previous : { top: element.scrollTop, height: previous.height }));
    element.addEventListener('scroll', onScroll, { passive: true });
    const observer =
      typeof ResizeObserver === 'undefined'
        ? undefined
        : new ResizeObserver(([entry]) => {
            const height = entry.contentRect.height;
            setViewport((previous) => (previous.height === height ? previous : { top: previous.top, height }));
          });
    observer?.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      observer?.disconnect();
    };
  }, [scrollRef]);

  const totalHeight = tops[count];
  const top = viewport.top;
  const bottom = top + viewport.height;
  const first = Math.max(0, rowAt(tops, count, top) - overscan);
  const last = count === 0 ? -1 : Math.min(count - 1, rowAt(tops, count, bottom) + overscan);

  const scrollIntoView = useCallback(
    (index: number) => {
      const element = scrollRef.current;
      if (!element || index < 0 || index >= count) return;
      const rowTop = tops[index];
      const rowBottom = tops[index + 1];
      if (rowTop < viewport.top) element.scrollTop = rowTop;
      else if (rowBottom > viewport.top + viewport.height) element.scrollTop = rowBottom - viewport.height;
    },
    [scrollRef, count, tops, viewport],
  );

  return { first, last, top: (index) => tops[index], totalHeight, scrollIntoView };
}

/** The row at `y` px (the last row for `y` past the end): binary search over the row tops. */
function rowAt(tops: Float64Array, count: number, y: number): number {
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (tops[mid] <= y) low = mid;
    else high = mid - 1;
  }
  return Math.max(0, low);
}
