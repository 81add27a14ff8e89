import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadSchemas, prefetchTraceForPath } from './api/endpoints';
import { App, loadViewFor } from './app/app';
import './app/global.css';

// Every view but a trace checks its answers with the zod schemas: their chunk loads beside the view's.
if (!prefetchTraceForPath(window.location.pathname)) loadSchemas().catch(() => undefined);
// A deep link's view renders in the first commit instead of behind a Suspense fallback (its chunk
// is usually in flight already, from index.html's boot script); a failed chunk load is left to the
// view's own Suspense boundary to report. Not a top-level await: the view chunks import from this
// one, which must not still be evaluating.
void loadViewFor(window.location.pathname)
  .catch(() => undefined)
  .then(() =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
