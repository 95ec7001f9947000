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
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
