/**
 * More languages for eval:owncode than bench:index's corpus (JavaScript/TypeScript and Python): what else
 * this machine has in source form — C headers, shell scripts, Perl's standard library (a language no
 * lexer here knows: read as generic), Go, and YAML/JSON data files. Each root is read up to its own line
 * budget (sorted walk, so deterministic on one machine) and split by codebase like the rest. A missing
 * root contributes nothing; the report names how many files of each language were read.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countLines, readSources, type SourceFile, type SourceRoot } from '../../bench/support/owncode-corpus.ts';

const top = (rel: string, depth: number): string => rel.split('/').slice(0, depth).join('/');
const base = (rel: string): string => rel.slice(rel.lastIndexOf('/') + 1);

/** The language a snippet is labelled and reported by (its fence label in the wrapped forms). */
export function languageOf(path: string): string {
  const ext = base(path).includes('.') ? base(path).slice(base(path).lastIndexOf('.') + 1).toLowerCase() : '';
  if (/^[cm]?[jt]sx?$/.test(ext)) return ext.startsWith('t') || ext.endsWith('ts') ? 'ts' : 'js';
  if (ext === 'py') return 'python';
  if (ext === 'h' || ext === 'c') return 'c';
  if (ext === 'go') return 'go';
  if (ext === 'pm' || ext === 'pl') return 'perl';
  if (ext === 'yaml' || ext === 'yml') return 'yaml';
  if (ext === 'json') return 'json';
  return 'sh';
}

/**
 * C headers by project: the Khronos headers (`GL`, `GLES*`, `EGL`, `KHR`) are generated from one registry
 * (the same `#define GL_… 0x…` lines in each), the kernel's (`linux`, `asm*`) and glibc's (top level,
 * `x86_64-linux-gnu`) are one project each; other directories are their own.
 */
export function headerCodebase(rel: string): string {
  const dir = rel.includes('/') ? top(rel, 1) : '';
  if (/^(?:GL|GLES\d?|EGL|KHR)$/.test(dir)) return 'h:khronos';
  if (dir === 'linux' || dir.startsWith('asm') || rel.startsWith('x86_64-linux-gnu/asm')) return 'h:kernel';
  if (dir === '' || dir === 'x86_64-linux-gnu') return 'h:libc';
  return `h:${dir}`;
}

/** Line budgets per extra language (the corpus is ~1.8 M lines of JS/TS and Python besides). */
const BUDGET = { c: 220_000, perl: 120_000, data: 80_000, shell: 60_000, go: 20_000 };

export function extraRoots(): { root: SourceRoot; budget: number }[] {
  return [
    // `asm-generic/x.h` and `x86_64-linux-gnu/asm/x.h` are copies of each other: grouped by base name.
    { budget: BUDGET.c, root: { repo: 'include', root: '/usr/include', ext: /\.h$/, group: (rel) => `h:${base(rel)}`, codebase: headerCodebase } },
    { budget: BUDGET.perl, root: { repo: 'perl', root: '/usr/share/perl', ext: /\.pm$/, group: (rel) => `pm:${rel}`, codebase: (rel) => `pm:${top(rel, 2)}` } },
    { budget: BUDGET.data, root: { repo: 'data', root: '/usr/lib/google-cloud-sdk', ext: /\.(?:ya?ml|json)$/, group: (rel) => `data:${rel}`, codebase: (rel) => `data:${top(rel, 3)}` } },
    { budget: BUDGET.shell, root: { repo: 'shell', root: '/usr/share', ext: /\.(?:sh|bash)$/, group: (rel) => `sh:${rel}`, codebase: (rel) => `sh:${top(rel, 2)}` } },
    { budget: BUDGET.go, root: { repo: 'go', root: '/usr/share/doc', ext: /\.go$/, group: (rel) => `go:${rel}`, codebase: (rel) => `go:${top(rel, 1)}` } },
  ];
}

/** Shell scripts without an extension (`/usr/bin`, `/usr/sbin`): a `#!…sh` first line. */
function shebangScripts(dirs: readonly string[], budget: number): SourceFile[] {
  const out: SourceFile[] = [];
  let left = budget;
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (left <= 0) return out;
      const path = join(dir, name);
      const st = lstatSync(path, { throwIfNoEntry: false });
      if (!st?.isFile() || st.size === 0 || st.size > 200_000) continue;
      const raw = readFileSync(path);
      if (raw.includes(0) || !/^#!\S*\/(?:env )?(?:ba|da|z|k)?sh\b/.test(raw.subarray(0, 64).toString('latin1'))) continue;
      const text = raw.toString('utf8');
      const lines = countLines(text);
      // Named `.sh` so the index lexes it as shell (the path is what `languageForPath` reads).
      out.push({ repo: 'shell', path: `${dir.slice(1).replace(/\//g, '-')}/${name}.sh`, group: `sh:${name}`, codebase: `sh:bin/${name}`, text, lines });
      left -= lines;
    }
  }
  return out;
}

export function readExtraSources(): SourceFile[] {
  const out: SourceFile[] = [];
  for (const { root, budget } of extraRoots()) out.push(...readSources([root], budget));
  out.push(...shebangScripts(['/usr/bin', '/usr/sbin'], BUDGET.shell));
  return out;
}
