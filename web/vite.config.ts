import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { ManualChunkMeta } from 'rollup';
import { defineConfig, type Plugin } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('./dist', import.meta.url));

/**
 * The image viewer (Cornerstone3D, vtk.js, the DICOM parser, the image codecs and what they import: several MB)
 * is loaded only when an exam's images are shown. A library that only the viewer imports is left to Rollup,
 * which puts it in the viewer's lazily loaded chunks, instead of the vendor chunk every page preloads.
 */
const VIEWER_ENTRY = /\/web\/src\/viewer\//;
const VIEWER_LIBRARIES = /node_modules\/(@cornerstonejs|@kitware\/vtk\.js|dicom-parser)\//;

function onlyForTheViewer(
  id: string,
  moduleInfo: ManualChunkMeta['getModuleInfo'],
  seen = new Map<string, boolean>(),
): boolean {
  if (VIEWER_ENTRY.test(id) || VIEWER_LIBRARIES.test(id)) return true;
  const known = seen.get(id);
  if (known !== undefined) return known;
  seen.set(id, true); // an import cycle says nothing either way
  const info = moduleInfo(id);
  const importers = [...(info?.importers ?? []), ...(info?.dynamicImporters ?? [])];
  const only = importers.length > 0 && importers.every((i) => onlyForTheViewer(i, moduleInfo, seen));
  seen.set(id, only);
  return only;
}

/** Vendor code changes rarely: keep it in separate, long-cached chunks. */
function vendorChunk(id: string, { getModuleInfo }: ManualChunkMeta): string | undefined {
  if (!id.includes('node_modules') || onlyForTheViewer(id, getModuleInfo)) return undefined;
  if (id.includes('@mantine') || id.includes('@floating-ui') || id.includes('react-remove-scroll'))
    return 'mantine';
  if (id.includes('i18next')) return 'i18n';
  if (id.includes('@tanstack')) return 'query';
  // The password-strength dictionaries (several MB), loaded when a password field is first filled in.
  if (id.includes('@zxcvbn-ts')) return 'password-strength';
  if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
  return 'vendor';
}

/** Files worth compressing: text and WebAssembly, above the size where a compressed copy saves a round trip. */
const COMPRESSIBLE = /\.(js|css|html|wasm|svg|json)$/;
const MIN_COMPRESSED_BYTES = 1024;

/**
 * Writes a gzip and a brotli copy beside each built file, which the server sends to browsers that accept them
 * (@fastify/static `preCompressed`): the viewer's chunk is 4 MB as built and about 1.1 MB gzipped, which matters on
 * a hospital network. Brotli at quality 7, not 11: within a few per cent of the size, in a second instead of thirty.
 */
function precompress(): Plugin {
  const gzipped = promisify(gzip);
  const brotli = promisify(brotliCompress);
  return {
    name: 'manus-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? outDir;
      await Promise.all(
        Object.keys(bundle)
          .filter((file) => COMPRESSIBLE.test(file))
          .map(async (file) => {
            const path = join(dir, file);
            const bytes = await readFile(path);
            if (bytes.length < MIN_COMPRESSED_BYTES) return;
            await writeFile(`${path}.gz`, await gzipped(bytes, { level: 9 }));
            await writeFile(
              `${path}.br`,
              await brotli(bytes, {
                params: {
                  [constants.BROTLI_PARAM_QUALITY]: 7,
                  [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
                },
              }),
            );
          }),
      );
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { output: { manualChunks: vendorChunk } },
  },
  // Cornerstone's decode and compute workers import modules: ES workers allow code splitting.
  worker: { format: 'es' },
  // The dev server's pre-bundling must leave the image loader's workers alone, and needs the codecs' CommonJS
  // entry points converted (otherwise: "does not provide an export named 'default'").
  optimizeDeps: {
    exclude: ['@cornerstonejs/dicom-image-loader'],
    include: [
      'dicom-parser',
      '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
      '@cornerstonejs/codec-charls/decodewasmjs',
      '@cornerstonejs/codec-openjpeg/decodewasmjs',
      '@cornerstonejs/codec-openjph/wasmjs',
      '@cornerstonejs/codec-libjxl/decodewasmjs',
    ],
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8070', changeOrigin: false },
    },
  },
});
