import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['node_modules', 'web/dist'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Each test file isolates its own databases (a temp SQLite folder, a throwaway PostgreSQL schema).
    fileParallelism: true,
  },
});
