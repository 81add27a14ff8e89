/**
 * Line icons drawn as inline SVG: emoji and icon fonts depend on fonts the machine may not have
 * (headless Chromium on a server has none), SVG always renders the same.
 */
const PATHS: Record<string, string> = {
  services: 'M3 5h14M3 10h14M3 15h14',
  map: 'M5 6a2 2 0 1 0 0-.01M15 4a2 2 0 1 0 0-.01M15 16a2 2 0 1 0 0-.01M7 6.5l6-2M7 7l6 7.5',
  traces: 'M3 5h8M6 10h9M9 15h6',
  logs: 'M4 4h12v12H4zM7 8h6M7 11h6M7 14h3',
  metrics: 'M3 16l4-6 3 3 4-7 3 4',
  clock: 'M10 3a7 7 0 1 0 0 14a7 7 0 1 0 0-14M10 6v4l3 2',
  refresh: 'M16 10a6 6 0 1 1-2-4.5M16 3v3.5h-3.5',
  database: 'M4 5c0-1.7 12-1.7 12 0v10c0 1.7-12 1.7-12 0zM4 5c0 1.7 12 1.7 12 0M4 10c0 1.7 12 1.7 12 0',
  messaging: 'M3 5h14v10H3zM3 5l7 6 7-6',
  external: 'M10 3a7 7 0 1 0 0 14a7 7 0 1 0 0-14M3 10h14M10 3c-3 3.5-3 10.5 0 14M10 3c3 3.5 3 10.5 0 14',
};

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth={1.7} strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}
