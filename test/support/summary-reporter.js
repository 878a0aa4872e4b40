const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/**
 * Ends the test output with what a reader of a CI log needs: the facts test files reported (the
 * leak guard's tally, fuzz counts, the fault matrix) and one plain line,
 * `Tests: N passed, N failed, N skipped`. A test file that fails to load counts as a failure, so
 * that line can never read "0 failed" over a broken suite.
 */
class SummaryReporter {
  constructor() {
    // Test files write their facts here (test/support/test-report.ts); workers inherit the variable.
    this.reportDir = mkdtempSync(join(tmpdir(), 'genesys-outbound-call-test-report-'));
    process.env.TEST_REPORT_DIR = this.reportDir;
  }

  onRunComplete(_contexts, results) {
    const reports = this.readReports();
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    // After jest's own summary, which the default reporter prints from its onRunComplete.
    setImmediate(() => {
      const lines = [...formatLeakGuard(reports['leak-guard'] ?? []), ...formatTables(reports)];
      process.stdout.write(`${lines.length > 0 ? `\n${lines.join('\n')}\n` : ''}Tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
      rmSync(this.reportDir, { recursive: true, force: true });
    });
  }

  readReports() {
    const byKind = {};
    for (const name of readdirSync(this.reportDir)) {
      const { kind, content } = JSON.parse(readFileSync(join(this.reportDir, name), 'utf8'));
      (byKind[kind] ??= []).push(content);
    }
    return byKind;
  }
}

function formatLeakGuard(entries) {
  if (entries.length === 0) return [];
  const sum = (key) => entries.reduce((total, entry) => total + (entry[key] ?? 0), 0);
  return [
    `Leak guard: ${sum('logLines')} log lines, ${sum('answers')} answers and ${sum('busEvents')} bus events from ${entries.length} test files checked for ` +
      `client secrets, access tokens and full phone numbers: ${sum('leaks')} found.`,
  ];
}

/** Any other kind is a table: `{title, columns, rows}`; rows from several files are appended. */
function formatTables(reports) {
  const lines = [];
  for (const [kind, entries] of Object.entries(reports)) {
    if (kind === 'leak-guard') continue;
    const { title, columns } = entries[0];
    const rows = entries.flatMap((entry) => entry.rows);
    const widths = columns.map((column, i) => Math.max(column.length, ...rows.map((row) => String(row[i]).length)));
    const format = (cells) => `| ${cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ')} |`;
    lines.push('', title, format(columns), format(widths.map((width) => '-'.repeat(width))), ...rows.map(format));
  }
  return lines;
}

module.exports = SummaryReporter;
