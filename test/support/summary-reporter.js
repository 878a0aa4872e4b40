/**
 * Ends the test output with one plain line, `Tests: N passed, N failed, N skipped`, which CI and
 * people read without knowing jest's own summary format. A test file that fails to load counts as
 * a failure, so the line can never read "0 failed" over a broken suite.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    // After jest's own summary, which it prints from the default reporter's onRunComplete.
    setImmediate(() => process.stdout.write(`Tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`));
  }
}

module.exports = SummaryReporter;
