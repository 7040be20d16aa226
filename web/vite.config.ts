import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('./dist', import.meta.url));

/** Vendor code changes rarely: keep it in separate, long-cached chunks. */
function vendorChunk(id: string): string | undefined {
  if (!id.includes('node_modules')) return undefined;
  if (id.includes('@mantine') || id.includes('@floating-ui') || id.includes('react-remove-scroll'))
    return 'mantine';
  if (id.includes('i18next')) return 'i18n';
  if (id.includes('@tanstack')) return 'query';
  if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
  return 'vendor';
}

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { output: { manualChunks: vendorChunk } },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8070', changeOrigin: false },
    },
  },
});
