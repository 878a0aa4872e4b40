import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Facts a test file wants printed at the end of the whole run (fuzz counts, the fault matrix, the
 * leak guard's tally): jest's workers cannot add to the final summary themselves, so each writes a
 * JSON file into the folder the summary reporter (test/support/summary-reporter.js) made for this
 * run, and the reporter prints them. A table is `{title, columns, rows}`.
 */
export function writeReport(kind: string, content: unknown): void {
  const dir = process.env.TEST_REPORT_DIR;
  if (!dir) return; // run without the reporter (e.g. a single file in an editor): nothing to print
  writeFileSync(join(dir, `${kind}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`), JSON.stringify({ kind, content }));
}

export interface ReportTable {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}
