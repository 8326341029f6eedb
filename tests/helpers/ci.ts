/** True when the suite runs under CI (see setup-not-ci.ts for why CI itself is hidden). */
export function inCi(): boolean {
  return Boolean(process.env.CI || process.env.MIGRATE_WIZARD_TEST_CI);
}
