#!/usr/bin/env node
// Entry point of the `sekisho` command. Sekisho is TypeScript run directly by Node 24's type stripping;
// npm scripts and `npx sekisho` put the pinned Node 24 (a dev dependency) first on PATH.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `sekisho: needs Node.js 24 or newer, this is ${process.version}.\n` +
      `Run it through npm (npm start, npx sekisho) so the project's pinned Node 24 is used.\n`,
  );
  process.exit(2);
}
// V8's compiled code for the modules is kept between runs (in the temp directory, keyed by content): a
// short command such as `sekisho scan` in a pre-commit hook, and each of its worker threads, then starts
// in about half the time. A cache that cannot be written is skipped by Node.
(await import('node:module')).enableCompileCache?.();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
