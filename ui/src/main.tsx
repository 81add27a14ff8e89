import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { prefetchTraceForPath } from './api/endpoints';
import { App } from './app/app';
import './app/global.css';

prefetchTraceForPath(window.location.pathname);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
