import { defineConfig } from 'vitest/config';

// Tests against the real control plane in test/cluster (see test/cluster/README.md).
// One file at a time in one fork: each file starts its own etcd/apiserver/controllers,
// and two of those at once would fight over the machine's two cores.
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
  },
});
