/**
 * Reads and parses the YAML config file, keeping the parsed document so that any later problem
 * (schema, cross-check, secret) can be reported at the file, line and column of the YAML node.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { ConfigError } from './config-error.ts';
import type { ValuePath } from './format-path.ts';

/** A parsed config file plus a way to point into it. */
export interface ConfigFile {
  /** The path as the user gave it (shown in messages). */
  shownPath: string;
  absolutePath: string;
  /** Directory relative paths in the file are resolved against. */
  dir: string;
  /** The plain value (`{}` for an empty file). */
  value: unknown;
  /** `file:line:col` of the node at `path` (of its key when `atKey`), or of the nearest ancestor found. */
  locate(path: ValuePath, atKey?: boolean): string;
}

/** Why `origin`: a missing file named by SEKISHO_CONFIG should say so. */
export async function readConfigFile(shownPath: string, origin?: string): Promise<ConfigFile> {
  const absolutePath = resolve(shownPath);
  let text: string;
  try {
    text = await readFile(absolutePath, 'utf8');
  } catch (error) {
    const from = origin === undefined ? '' : ` (from ${origin})`;
    throw new ConfigError([{ where: shownPath, text: `cannot read the config file${from}: ${describeReadError(error)}` }], { cause: error });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${shownPath}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => ({ where: at(e.pos[0]), text: `invalid YAML: ${firstLine(e.message)}` })));
  }
  const value: unknown = doc.contents === null ? {} : doc.toJS();
  return {
    shownPath,
    absolutePath,
    dir: dirname(absolutePath),
    value: value === null ? {} : value,
    locate: (path, atKey = false) => {
      const offset = findOffset(doc, path, atKey);
      return offset === undefined ? shownPath : at(offset);
    },
  };
}

/** Walks mappings and sequences along `path`; stops at the deepest node that exists. */
function findOffset(doc: Document, path: ValuePath, atKey: boolean): number | undefined {
  let node: unknown = doc.contents;
  let offset = startOf(node);
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) break;
      const keyOffset = startOf(pair.key);
      const valueOffset = isEmptyNode(pair.value) ? undefined : startOf(pair.value);
      offset = (last && atKey ? keyOffset : valueOffset ?? keyOffset) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) break;
      offset = startOf(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function startOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range === undefined || range === null ? undefined : range[0];
}

/** `key:` with nothing after it parses to an empty null scalar; point at the key instead. */
function isEmptyNode(node: unknown): boolean {
  const range = (node as Node | null | undefined)?.range;
  return range === undefined || range === null || range[0] === range[1];
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}
