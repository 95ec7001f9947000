// Layering of src/ (docs/architecture.md, "Layers"): no import cycle between folders, and the domain
// folder at the bottom imports nothing outside itself. KNOWN_BREAKS listed the folder imports that broke
// the layer order while they were being fixed; it is empty now and should stay so (an entry that no
// longer exists fails the test too).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildFolderGraph, cyclePath, describeCycle, folderCycles, importSpecifiers, type FolderGraph, type ImportEdge } from './import-graph.ts';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/**
 * The layers of docs/architecture.md ("Layers"), bottom first. A folder imports only from its own layer or
 * below; a folder not listed here (a new one) is held to the cycle check alone until it is placed.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['domain', 'conversation'],
  ['util', 'fs', 'sse', 'log.ts', 'store', 'errors.ts', 'stream'],
  ['config'],
  ['protocols', 'identity', 'limits', 'audit'],
  ['inspection'],
  ['redaction', 'policy', 'scan'],
  ['backends', 'fanout'],
  ['routing'],
  ['pipeline'],
  ['admin', 'metrics'],
  ['server'],
  ['cli'],
];

/** Folder imports (`from → to`) tolerated although they break the layer order: none. */
const KNOWN_BREAKS: readonly string[] = [];

function without(graph: FolderGraph, breaks: readonly string[]): FolderGraph {
  const drop = new Set(breaks);
  const edges = new Map<string, Map<string, readonly ImportEdge[]>>();
  for (const [from, out] of graph.edges) {
    edges.set(from, new Map([...out].filter(([to]) => !drop.has(`${from} → ${to}`))));
  }
  return { edges };
}

describe('layering of src/', () => {
  const graph = buildFolderGraph(SRC);

  it('has no import cycle between folders', () => {
    const checked = without(graph, KNOWN_BREAKS);
    const reports = folderCycles(checked).map((members) => describeCycle(checked, cyclePath(checked, members, members[0]!)));
    assert.deepEqual(reports, [], `import cycles between folders:\n${reports.join('\n\n')}`);
  });

  it('lists only layering breaks that still exist', () => {
    const stale = KNOWN_BREAKS.filter((entry) => {
      const [from, to] = entry.split(' → ');
      return !graph.edges.get(from!)?.has(to!);
    });
    assert.deepEqual(stale, [], 'remove these fixed entries from KNOWN_BREAKS');
  });

  it('imports only downwards in the documented layer order', () => {
    const rank = new Map(LAYERS.flatMap((layer, i) => layer.map((folder) => [folder, i] as const)));
    const upward: string[] = [];
    for (const [from, out] of graph.edges) {
      for (const [to, imports] of out) {
        const a = rank.get(from);
        const b = rank.get(to);
        if (a === undefined || b === undefined || a >= b || KNOWN_BREAKS.includes(`${from} → ${to}`)) continue;
        upward.push(`${from} → ${to}: ${imports.map((e) => `${e.from} imports ${e.to}`).join(', ')}`);
      }
    }
    assert.deepEqual(upward, []);
  });

  it('keeps domain/ at the bottom: it imports nothing outside itself', () => {
    const out = graph.edges.get('domain') ?? new Map<string, readonly ImportEdge[]>();
    const imports = [...out.values()].flat().map((e) => `${e.from} imports ${e.to}`);
    assert.deepEqual(imports, []);
  });
});

/**
 * State goes through the storage ports (docs/architecture.md, "State behind ports"): only the adapters in
 * store/ talk to a database. The own-code index sources are the one part not behind a port yet.
 */
const DATABASE_CLIENTS = new Set(['node:sqlite', 'postgres', '@redis/client']);
const DATABASE_OUTSIDE_STORE: readonly string[] = ['inspection/own-code/store/own-code-store.ts', 'inspection/own-code/store/index-generation.ts'];

describe('storage ports', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
  const files = sources(SRC).map((path) => ({ rel: relative(SRC, path).split(sep).join('/'), specifiers: importSpecifiers(readFileSync(path, 'utf8')) }));

  it('only store/ (and the listed own-code store) imports a database client', () => {
    const outside = files.filter((f) => !f.rel.startsWith('store/') && f.specifiers.some((s) => DATABASE_CLIENTS.has(s))).map((f) => f.rel);
    assert.deepEqual(outside.sort(), [...DATABASE_OUTSIDE_STORE].sort());
  });

  it('the ports themselves import only domain/', () => {
    const ports = files.find((f) => f.rel === 'store/ports.ts');
    assert.ok(ports);
    assert.deepEqual(ports.specifiers.filter((s) => !s.startsWith('../domain/')), []);
  });
});

describe('import graph reader', () => {
  it('finds static, type-only, re-export, side-effect and dynamic imports', () => {
    const source = [
      "import { a } from './a.ts';",
      "import type { B } from '../b/b.ts';",
      'import {',
      '  c,',
      '  type D,',
      "} from './c.ts';",
      "export { e } from './e.ts';",
      "export type * from './f.ts';",
      "import './g.ts';",
      "const h = await import('./h.ts');",
      "// import { x } from './commented.ts';",
      "const s = 'from nothing';",
      "const buf = Buffer.from('text');",
    ].join('\n');
    assert.deepEqual(importSpecifiers(source).sort(), ['../b/b.ts', './a.ts', './c.ts', './e.ts', './f.ts', './g.ts', './h.ts']);
  });

  it('reports a cycle with its path and the importing files', () => {
    const graph: FolderGraph = {
      edges: new Map([
        ['a', new Map([['b', [{ from: 'a/x.ts', to: 'b/y.ts' }]]])],
        ['b', new Map([['c', [{ from: 'b/y.ts', to: 'c/z.ts' }]]])],
        ['c', new Map([['a', [{ from: 'c/z.ts', to: 'a/w.ts' }]], ['d', [{ from: 'c/z.ts', to: 'd/v.ts' }]]])],
      ]),
    };
    const cycles = folderCycles(graph);
    assert.deepEqual(cycles, [['a', 'b', 'c']]);
    const path = cyclePath(graph, cycles[0]!, 'a');
    assert.deepEqual(path, ['a', 'b', 'c', 'a']);
    const text = describeCycle(graph, path);
    assert.match(text, /^a → b → c → a\n/);
    assert.match(text, /c\/z\.ts imports a\/w\.ts/);
    assert.deepEqual(folderCycles(without(graph, ['c → a'])), []);
  });
});
