/**
 * Vite build of the browser UI (src/web → dist/web). The server (src/server) serves dist/web at `/`;
 * `npm run dev` proxies /api to a server already running on port 3000 so the UI reloads on edit.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // The first route must stay small (< 400 kB gzipped); pages and charts are split with lazy imports.
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.SHOPKPI_API ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
