// @ts-check
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** The run's folder of repository templates (__tests__/helpers/templates.ts), handed to the workers by environment. */
module.exports = function globalSetup() {
  process.env.SPINE_HOOKS_TEST_TEMPLATES = fs.mkdtempSync(path.join(os.tmpdir(), 'spine-hooks-templates-'));
};
