import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'test/cluster/**', 'test/e2e/**'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
