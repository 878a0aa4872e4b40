import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { PROBLEM_TYPES } from '../../lib/problems/problem-types';
import { headingAnchors, linksIn, markdownFiles, readText } from '../support/markdown';

// The README is the front door and docs/README.md the index of the guides: every page of docs/
// is listed there, every relative link of the project's Markdown leads to a file (and a heading)
// that exists, and the README stays short enough to read in a few minutes.

const ROOT = join(__dirname, '..', '..');
const README_MAX_BYTES = 20_000;
const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

/** The relative links of one Markdown file that lead nowhere, as `line: target (why)`. */
function brokenLinks(file: string): string[] {
  return linksIn(readText(join(ROOT, file))).flatMap(({ target, line }) => {
    if (EXTERNAL.test(target)) return [];
    const [path, anchor] = target.split('#', 2);
    const resolved = path === '' ? file : normalize(join(dirname(file), decodeURIComponent(path)));
    if (resolved.startsWith('..')) return [`${line}: ${target} (outside the repository)`];
    if (!existsSync(join(ROOT, resolved))) return [`${line}: ${target} (no such file)`];
    if (anchor === undefined || !resolved.endsWith('.md')) return [];
    return headingAnchors(readText(join(ROOT, resolved))).has(anchor) ? [] : [`${line}: ${target} (no such heading)`];
  });
}

/** The files a Markdown file links to, relative to the repository. */
function linkedFiles(file: string): Set<string> {
  return new Set(
    linksIn(readText(join(ROOT, file)))
      .filter(({ target }) => !EXTERNAL.test(target) && !target.startsWith('#'))
      .map(({ target }) => normalize(join(dirname(file), target.split('#')[0]))),
  );
}

function filesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(join(ROOT, path)).isFile());
}

describe("the project's Markdown", () => {
  it.each(markdownFiles(ROOT))('%s: every relative link leads to a file and heading that exist', (file) => {
    // Act
    const broken = brokenLinks(file);

    // Assess
    expect(broken).toEqual([]);
  });
});

describe('docs/', () => {
  it('lists every one of its files in its index, docs/README.md, which the README links to', () => {
    // Prepare
    const index = linkedFiles('docs/README.md');
    const pages = filesUnder('docs').filter((file) => file !== join('docs', 'README.md'));

    // Act
    const orphans = pages.filter((page) => !index.has(page));

    // Assess
    expect({ orphans, indexLinkedFromReadme: linkedFiles('README.md').has(join('docs', 'README.md')) }).toEqual({
      orphans: [],
      indexLinkedFromReadme: true,
    });
  });

  it("api.md's table of problems has a row for every problem code the service answers", () => {
    // Prepare
    const api = readText(join(ROOT, 'docs', 'api.md'));

    // Act
    const missing = Object.keys(PROBLEM_TYPES).filter((code) => !new RegExp(`^\\| \\d{3} \\| \`${code}\` \\|`, 'm').test(api));

    // Assess
    expect(missing).toEqual([]);
  });
});

describe('README.md', () => {
  it(`stays at most ${README_MAX_BYTES.toLocaleString('en')} bytes: guides belong in docs/`, () => {
    expect(statSync(join(ROOT, 'README.md')).size).toBeLessThanOrEqual(README_MAX_BYTES);
  });
});

// The checker's parts: a link it cannot see or an anchor it spells unlike GitHub would make the
// tests above pass on broken links.
describe('linksIn', () => {
  it('finds inline links, images and reference definitions, not links inside code', () => {
    // Prepare
    const markdown = ['See [a](a.md#x) and ![b](img/b.png "title").', '`[c](c.md)`', '```', '[d](d.md)', '```', '[e]: e.md'].join('\n');

    // Act
    const links = linksIn(markdown);

    // Assess
    expect(links).toEqual([
      { target: 'a.md#x', line: 1 },
      { target: 'img/b.png', line: 1 },
      { target: 'e.md', line: 6 },
    ]);
  });
});

describe('headingAnchors', () => {
  it('spells anchors as GitHub does: lower case, punctuation dropped, spaces to hyphens, repeats numbered', () => {
    // Prepare
    const markdown = ['# Call outcomes: `GET /calls/{conversationId}`', '## 1. Find your org', '## Notes', '## Notes', '```', '# not a heading', '```'].join('\n');

    // Act
    const anchors = headingAnchors(markdown);

    // Assess
    expect([...anchors]).toEqual(['call-outcomes-get-callsconversationid', '1-find-your-org', 'notes', 'notes-1']);
  });
});
