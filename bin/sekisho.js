#!/usr/bin/env node
// Entry point of the `sekisho` command. In a clone, Sekisho is TypeScript run directly by Node 24's type
// stripping (npm scripts and `npx sekisho` put the pinned Node 24, a dev dependency, first on PATH). A
// release (the npm package, the bundle: `npm run dist`) carries the application compiled to lib/.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `sekisho: needs Node.js 24 or newer, this is ${process.version}.\n` +
      `In a clone, run it through npm (npm start, npx sekisho) so the project's pinned Node 24 is used;\n` +
      `otherwise install Node.js 24, or use the self-contained release bundle (docs/deploy.md).\n`,
  );
  process.exit(2);
}
// V8's compiled code for the modules is kept between runs (in the temp directory, or NODE_COMPILE_CACHE;
// keyed by content): a short command such as `sekisho scan` in a pre-commit hook, and each of its worker
// threads, then starts in about half the time. A cache that cannot be written is skipped by Node;
// NODE_DISABLE_COMPILE_CACHE=1 turns it off.
(await import('node:module')).enableCompileCache?.();
const compiled = new URL('../lib/cli/main.js', import.meta.url);
const { existsSync } = await import('node:fs');
const { main } = await import(existsSync(compiled) ? compiled.href : '../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
