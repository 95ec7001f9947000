// The folder-level import graph of src/, read from the import statements themselves (no compiler API):
// static `import … from`, `export … from`, side-effect `import '…'`, and dynamic `import('…')` with a
// literal specifier. `import type` counts: a type-only dependency is still a dependency between layers.
// A "folder" is a top-level entry of src/ (`policy`, `pipeline`, …); a file directly in src/ is its own node.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface ImportEdge {
  /** Importing file, relative to the source root, with `/` separators. */
  readonly from: string;
  /** Imported file (resolved specifier), relative to the source root. */
  readonly to: string;
}

export interface FolderGraph {
  /** folder → imported folder → the file-level imports that make the edge. */
  readonly edges: ReadonlyMap<string, ReadonlyMap<string, readonly ImportEdge[]>>;
}

const STATIC = /^[ \t]*(?:import|export)\s+(?:type\s+)?[\w*{}\s,$]*?\bfrom\s*(['"])([^'"\n]+)\1/gm;
const SIDE_EFFECT = /^[ \t]*import\s*(['"])([^'"\n]+)\1/gm;
const DYNAMIC = /\bimport\s*\(\s*(['"`])([^'"`$\n]+)\1\s*\)/g;

/** Every module specifier a TypeScript source imports or re-exports. */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  for (const pattern of [STATIC, SIDE_EFFECT, DYNAMIC]) {
    for (const match of source.matchAll(pattern)) found.push(match[2]!);
  }
  return found;
}

function listSources(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listSources(path));
    else if (entry.isFile() && entry.name.endsWith('.ts')) files.push(path);
  }
  return files;
}

/** The folder of a path relative to the source root: its first segment, or the file name for a root file. */
export function folderOf(relativePath: string): string {
  const slash = relativePath.indexOf('/');
  return slash === -1 ? relativePath : relativePath.slice(0, slash);
}

export function buildFolderGraph(root: string): FolderGraph {
  const edges = new Map<string, Map<string, ImportEdge[]>>();
  const rel = (path: string): string => relative(root, path).split(sep).join('/');
  for (const file of listSources(root)) {
    const from = rel(file);
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) continue;
      const target = resolve(dirname(file), specifier);
      const to = rel(target);
      if (to.startsWith('..')) continue; // outside src/ (none today)
      const a = folderOf(from);
      const b = folderOf(to);
      if (a === b) continue;
      let out = edges.get(a);
      if (!out) edges.set(a, (out = new Map()));
      let list = out.get(b);
      if (!list) out.set(b, (list = []));
      list.push({ from, to });
    }
  }
  return { edges };
}

/**
 * The strongly connected components with more than one folder (Tarjan), each as a sorted list of folders.
 * A folder graph is acyclic exactly when this is empty.
 */
export function folderCycles(graph: FolderGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  const nodes = new Set<string>(graph.edges.keys());
  for (const out of graph.edges.values()) for (const b of out.keys()) nodes.add(b);
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const succ of graph.edges.get(node)?.keys() ?? []) {
      if (!index.has(succ)) {
        visit(succ);
        low.set(node, Math.min(low.get(node)!, low.get(succ)!));
      } else if (onStack.has(succ)) {
        low.set(node, Math.min(low.get(node)!, index.get(succ)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of [...nodes].sort()) if (!index.has(node)) visit(node);
  return components.sort((x, y) => x.join().localeCompare(y.join()));
}

/** One shortest cycle through `start` inside `members` (breadth-first), as folders from start back to start. */
export function cyclePath(graph: FolderGraph, members: readonly string[], start: string): string[] {
  const allowed = new Set(members);
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const succ of graph.edges.get(node)?.keys() ?? []) {
      if (!allowed.has(succ)) continue;
      if (succ === start) {
        const path = [start];
        for (let at = node; at !== start; at = parent.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!parent.has(succ)) {
        parent.set(succ, node);
        queue.push(succ);
      }
    }
  }
  return [];
}

/** A readable account of a cycle: each step with the files whose imports make it. */
export function describeCycle(graph: FolderGraph, path: readonly string[]): string {
  const lines = [path.join(' → ')];
  for (let i = 0; i + 1 < path.length; i++) {
    const imports = graph.edges.get(path[i]!)?.get(path[i + 1]!) ?? [];
    lines.push(`  ${path[i]} → ${path[i + 1]}:`);
    for (const edge of imports) lines.push(`    ${edge.from} imports ${edge.to}`);
  }
  return lines.join('\n');
}
