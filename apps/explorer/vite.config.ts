import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Builds the explorer UI into dist-ui/, which the explorer server serves. */
export default defineConfig({
  root: here('./src/ui'),
  base: '/',
  plugins: [react()],
  // the taxonomy's code keys and frameworks, bundled from its source (no build before this one)
  resolve: { conditions: ['@iwa/source'] },
  build: {
    outDir: here('./dist-ui'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // No inline <script> or data: modules: the CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
  },
  // `vite` (dev) proxies the API to a running explorer, e.g. test/dev-server.ts on 4317.
  server: { port: 5173, strictPort: true, proxy: { '/api': 'http://127.0.0.1:4317' } },
});
