import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Child processes and a real Docker engine share two cores; keep parallelism modest.
    maxWorkers: 2,
    setupFiles: ['tests/helpers/setup-not-ci.ts', 'tests/helpers/setup-zod.ts'],
  },
});
