import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Component and transform tests live next to their code under src/. ui/test/ holds the
// end-to-end suites, which run in node:test against real Chromium, not here.
export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
