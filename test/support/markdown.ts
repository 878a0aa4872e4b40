import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Folders that hold no project Markdown: dependencies, build output, reports. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'coverage', 'reports']);

/** Every Markdown file of the project, relative to `root`, skipping dependencies, build output and dot folders. */
export function markdownFiles(root: string, folder = root): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) return [];
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return markdownFiles(root, path);
      return entry.name.endsWith('.md') ? [relative(root, path)] : [];
    })
    .sort();
}

export interface Link {
  readonly target: string;
  readonly line: number;
}

const FENCE = /^\s*(```|~~~)/;
const INLINE_CODE = /`[^`]*`/g;
// [text](target) and ![alt](target), with an optional "title" after the target.
const INLINE_LINK = /!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/;

/** The link targets of a Markdown text, outside code blocks and code spans. */
export function linksIn(markdown: string): Link[] {
  const links: Link[] = [];
  let inFence = false;
  markdown.split('\n').forEach((text, index) => {
    if (FENCE.test(text)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    const line = index + 1;
    const definition = REFERENCE_DEFINITION.exec(text);
    if (definition) links.push({ target: definition[1], line });
    for (const match of text.replace(INLINE_CODE, '').matchAll(INLINE_LINK)) links.push({ target: match[1], line });
  });
  return links;
}

/**
 * The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces to
 * hyphens, and `-1`, `-2`, … after a repeated one.
 */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inFence = false;
  for (const text of markdown.split('\n')) {
    if (FENCE.test(text)) inFence = !inFence;
    const heading = inFence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!heading) continue;
    const base = heading[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

export const readText = (path: string): string => readFileSync(path, 'utf8');
