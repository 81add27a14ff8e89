import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { deepLinkPreload } from './build/deep-link-preload.js';

// The collector serves ui/dist on its HTTP port; in dev mode Vite serves the sources and forwards
// API calls to a collector running on its default port (override with SIGHTLINE_API).
const apiTarget = process.env.SIGHTLINE_API ?? 'http://localhost:16686';

export default defineConfig({
  plugins: [
    react(),
    // The map checks its answer with the zod schemas (a chunk of their own); the trace view does not.
    deepLinkPreload({ trace: ['/src/views/trace/trace-view.tsx'], map: ['/src/views/service-map/service-map-view.tsx', '/src/api/schemas.ts'] }),
  ],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/jaeger': { target: apiTarget, changeOrigin: true },
    },
  },
});
