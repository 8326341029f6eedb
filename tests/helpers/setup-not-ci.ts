/**
 * Ink renders only its last frame when it believes it runs in CI (is-in-ci, read at import).
 * The UI tests need every frame, so the test workers hide CI from Ink and keep the fact in
 * MIGRATE_WIZARD_TEST_CI, which `inCi()` reads (live tests fail instead of skipping there).
 */
if (process.env.CI !== undefined) {
  process.env.MIGRATE_WIZARD_TEST_CI = process.env.CI;
  delete process.env.CI;
}
