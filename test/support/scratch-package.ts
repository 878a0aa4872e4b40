import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, SERVERLESS } from './processes';

/**
 * `serverless package` of a scratch copy of the service: serverless-esbuild works in `.esbuild/` at
 * the service root and deletes it afterwards, which would pull the floor from under a `serverless
 * offline` another test runs in the real tree.
 */

/** Not part of the service: left out of the copy (node_modules is linked instead). */
const NOT_COPIED = new Set(['node_modules', '.git', '.esbuild', '.serverless', '.dynamodb', 'bench', 'coverage']);

export interface CloudFormationTemplate {
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, unknown> }>;
  Conditions?: Record<string, unknown>;
}

export interface ScratchPackage {
  /** The copy, with `.serverless/` as `serverless package` left it. */
  dir: string;
  template: CloudFormationTemplate;
  remove(): void;
}

export async function packageScratchCopy(args: string[], timeoutMs = 180_000): Promise<ScratchPackage> {
  const dir = mkdtempSync(join(tmpdir(), 'genesys-package-'));
  cpSync(ROOT, dir, { recursive: true, filter: (source) => !(NOT_COPIED.has(basename(source)) && join(ROOT, basename(source)) === source) });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    // osls looks for AWS credentials while packaging; it needs none, and must not probe EC2 metadata.
    await promisify(execFile)(SERVERLESS, ['package', ...args], { cwd: dir, timeout: timeoutMs, env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' }, maxBuffer: 16 * 1024 * 1024 });
    const template = JSON.parse(readFileSync(join(dir, '.serverless/cloudformation-template-update-stack.json'), 'utf8')) as CloudFormationTemplate;
    return { dir, template, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
