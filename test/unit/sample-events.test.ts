import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_EVENTS } from '../support/sample-events';

describe('events/', () => {
  it.each(Object.entries(SAMPLE_EVENTS))('events/%s.json is what the sample table builds (npm run events rewrites it)', (name, event) => {
    // Act
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'events', `${name}.json`), 'utf8'));

    // Assess
    expect(committed).toEqual(JSON.parse(JSON.stringify(event)));
  });
});

describe("serverless.yml's example schedule", () => {
  /** The rule's inputTemplate: a folded (`>-`) block, whose lines YAML joins with single spaces. */
  function exampleInputTemplate(): string {
    const lines = readFileSync(join(__dirname, '..', '..', 'serverless.yml'), 'utf8').split('\n');
    const start = lines.findIndex((line) => line.trim() === 'inputTemplate: >-');
    const indent = (line: string) => line.length - line.trimStart().length;
    const block = [];
    for (const line of lines.slice(start + 1)) {
      if (line.trim() !== '' && indent(line) <= indent(lines[start])) break;
      block.push(line.trim());
    }
    return block.join(' ');
  }

  it('delivers, filled in by EventBridge, what events/scheduled-transformed-input.json holds', () => {
    // Prepare
    const sample = SAMPLE_EVENTS['scheduled-transformed-input'];

    // Act: EventBridge puts the event's values where the placeholders are.
    const delivered = JSON.parse(exampleInputTemplate().replace('<id>', sample.id).replace('<time>', sample.time));

    // Assess
    expect(delivered).toEqual(JSON.parse(JSON.stringify(sample)));
  });
});
