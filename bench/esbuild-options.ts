import type { BuildOptions } from 'esbuild';

/**
 * serverless-esbuild 1.57.2's own translation of `custom.esbuild` into esbuild options
 * (dist/index.js getBuildOptions, dist/bundle.js bundle), so that the sdk and floor handlers are
 * bundled exactly as the deployed `createCall` is. run.ts checks the translation: `createCall` rebuilt
 * with these options must be byte-identical to the JavaScript in the packaged zip.
 */

/** serverless-esbuild's defaults, under the options serverless.yml gives. */
const PLUGIN_DEFAULTS = { bundle: true, external: [] as string[], exclude: ['aws-sdk'], platform: 'node' };

/** Options serverless-esbuild consumes itself and deletes before calling esbuild. */
const PLUGIN_ONLY_OPTIONS = [
  'concurrency',
  'zipConcurrency',
  'exclude',
  'nativeZip',
  'packager',
  'packagePath',
  'watch',
  'keepOutputDirectory',
  'packagerOptions',
  'installExtraArgs',
  'outputFileExtension',
  'outputBuildFolder',
  'outputWorkFolder',
  'nodeExternals',
  'skipBuild',
  'skipRebuild',
  'skipBuildExcludeFns',
  'stripEntryResolveExtensions',
  'disposeContext',
];

/** `custom.esbuild` and `provider.runtime` as the framework resolved them → esbuild's options. */
export function esbuildOptionsOf(custom: Record<string, unknown>, runtime: string): BuildOptions {
  if ('config' in custom || 'plugins' in custom) {
    throw new Error('custom.esbuild.config / plugins are not reproduced by the bench: extend bench/esbuild-options.ts');
  }
  // The runtime gives the default target (nodejs22.x → node22); serverless.yml may override it.
  const runtimeTarget = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
  const merged: Record<string, unknown> = { ...PLUGIN_DEFAULTS, ...(runtimeTarget ? { target: `node${runtimeTarget}` } : {}), ...custom };
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
  const exclude = strings(merged.exclude);
  const options = Object.fromEntries(Object.entries(merged).filter(([name]) => !PLUGIN_ONLY_OPTIONS.includes(name)));
  return { ...options, external: [...strings(merged.external), ...(exclude.includes('*') ? [] : exclude)] } as BuildOptions;
}
