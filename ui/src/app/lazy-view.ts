import { createElement, lazy, useState, type ComponentType } from 'react';

export type ViewProps = { params: Record<string, string> };

export interface LazyView {
  component: ComponentType<ViewProps>;
  /** Fetches and evaluates the view's code ahead of its first render (idempotent; retried after a failure). */
  load: () => Promise<void>;
}

/**
 * A view whose code loads on demand. Unlike a bare React.lazy, a view whose chunk has already
 * loaded renders without suspending: React holds a Suspense boundary's content back for up to
 * 300 ms after its fallback showed (its fallback throttle), which a deep link or a navigation would
 * otherwise pay on top of the chunk's download.
 */
export function lazyView(importer: () => Promise<ComponentType<ViewProps>>): LazyView {
  let loaded: ComponentType<ViewProps> | undefined;
  let pending: Promise<ComponentType<ViewProps>> | undefined;
  const load = () =>
    (pending ??= importer().then(
      (component) => (loaded = component),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    ));
  const Suspending = lazy(() => load().then((component) => ({ default: component })));
  function View(props: ViewProps) {
    // Chosen once per mount: switching from the lazy wrapper to the loaded component later would
    // remount the view (and repeat its requests).
    const [Component] = useState<ComponentType<ViewProps>>(() => loaded ?? Suspending);
    return createElement(Component, props);
  }
  return { component: View, load: () => load().then(() => undefined) };
}
