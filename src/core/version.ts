/** The package version (kept equal to package.json's by test/core/version.test.ts): clients check it from /v1/health. */
export const VERSION = '0.1.0';
