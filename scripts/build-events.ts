import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_EVENTS } from '../test/support/sample-events';

// Writes events/<name>.json from the table in test/support/sample-events.ts.
for (const [name, event] of Object.entries(SAMPLE_EVENTS)) {
  const file = join(__dirname, '..', 'events', `${name}.json`);
  writeFileSync(file, `${JSON.stringify(event, null, 2)}\n`);
  console.log(`wrote events/${name}.json`);
}
