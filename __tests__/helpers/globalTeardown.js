// @ts-check
const fs = require('node:fs');

/** Removes the run's folder of repository templates (see globalSetup.js). */
module.exports = function globalTeardown() {
  const dir = process.env.SPINE_HOOKS_TEST_TEMPLATES;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
