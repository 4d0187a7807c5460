// @ts-check
/**
 * A jest reporter beside the default one: a run that skipped tests lists each of them once, at the end,
 * by its full name, and a skipped test's name says why it was skipped (`… — skipped: <why>`). So a
 * skip is never a bare count, and a green run prints nothing else of its own.
 */
class SkipReporter {
  /** @param {unknown} _contexts @param {{ testResults: Array<{ testFilePath: string, testResults: Array<{ status: string, fullName: string }> }> }} results */
  onRunComplete(_contexts, results) {
    const skipped = results.testResults.flatMap((file) =>
      file.testResults
        .filter((t) => t.status === 'pending' || t.status === 'skipped' || t.status === 'todo')
        .map((t) => `  ${file.testFilePath.replace(/^.*__tests__\//, '')} › ${t.fullName}`),
    );
    if (skipped.length === 0) return;
    // `-t` (a name filter) skips every test it does not name: those are the user's choice, not worth a list.
    if (process.argv.some((a) => a === '-t' || a.startsWith('--testNamePattern'))) return;
    process.stderr.write(`\n${skipped.length} skipped, each saying why:\n${skipped.join('\n')}\n`);
  }
}

module.exports = SkipReporter;
