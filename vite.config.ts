import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The renderer bundle. `base: './'` so the same files load from file:// (Electron) and from the
 * headless serve under any path. No inline scripts or styles are emitted, so the strict CSP
 * (`script-src 'self'; style-src 'self'`) holds: the modulepreload polyfill, which Vite would
 * otherwise inline, is disabled (Chromium supports modulepreload natively).
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    sourcemap: true,
    target: 'chrome130',
    chunkSizeWarningLimit: 1500,
  },
  server: { host: '127.0.0.1' },
});
