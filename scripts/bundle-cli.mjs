// Build step: bundles commander into the CLI entry (dist/cli.js, replacing tsc's), so that
// `mwkit --help` loads one file for commander instead of its CommonJS module graph and stays
// close to bare Node. mwkit's own modules, and the lazily imported commands, stay separate.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  allowOverwrite: true,
  logLevel: 'warning',
  // commander is CommonJS and requires Node's modules; ESM has no `require` of its own.
  banner: { js: "import { createRequire as __mwkitCreateRequire } from 'node:module';\nconst require = __mwkitCreateRequire(import.meta.url);" },
  plugins: [
    {
      // Only commander is inlined: mwkit's own modules stay the files tsc wrote, so that an
      // error class is the same class wherever it is imported (instanceof must hold).
      name: 'own-modules-external',
      setup(pluginBuild) {
        pluginBuild.onResolve({ filter: /^\./ }, (args) => (args.kind === 'entry-point' || args.importer.includes('node_modules') ? undefined : { path: args.path, external: true }));
      },
    },
  ],
});
