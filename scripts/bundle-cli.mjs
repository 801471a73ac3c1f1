// Build step: bundles the CLI entry (src/cli.ts: the command registry, commander and the
// little they import) into one file, dist/cli.js, replacing tsc's. One module to load instead
// of a dozen keeps `mwkit --help` close to bare Node. Command modules stay separate files,
// imported lazily as before (their relative paths are rewritten for dist/cli.js's folder).
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
  plugins: [{
    name: 'lazy-commands',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^\.\.\/commands\// }, (args) => ({ path: args.path.replace('../commands/', './commands/'), external: true }));
    },
  }],
});
