import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/robustness/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
