/**
 * How a snippet reaches a prompt besides a plain paste: embedded in a longer, unrelated conversation
 * (prose and other code in fences, or pasted into prose without a fence), as part of a unified diff
 * (context and added lines, with removed lines interleaved), as a line-numbered tool result (Claude
 * Code's Read: `     12→code`; `cat -n` / `nl`: `     12\tcode`; opencode: `12: code`), as a Codex
 * `apply_patch` envelope, or as the JSON arguments of a tool call that writes a file (escaped).
 */
import { numbered, prose } from '../../bench/support/owncode-prompts.ts';

export function embed(snippet: string, label: string, filler: readonly string[], rand: () => number): string {
  const parts = [prose(rand, 40 + Math.floor(rand() * 80))];
  const other = filler[0];
  if (other !== undefined) parts.push(`Earlier I had this:\n\n\`\`\`\n${other}\n\`\`\``, prose(rand, 30));
  parts.push(`Here is the code that fails:\n\n\`\`\`${label}\n${snippet}\n\`\`\``, prose(rand, 60));
  const more = filler[1];
  if (more !== undefined) parts.push(`And the caller:\n\n\`\`\`\n${more}\n\`\`\``);
  parts.push(prose(rand, 25));
  return parts.join('\n\n');
}

export function asDiff(snippet: string, path: string, firstLine: number, removed: readonly string[], rand: () => number): string {
  const out: string[] = [];
  let oldCount = 0;
  let newCount = 0;
  let r = 0;
  for (const line of snippet.split('\n')) {
    if (rand() < 0.1 && r < removed.length) {
      out.push(`-${removed[r++] ?? ''}`);
      oldCount++;
    }
    if (rand() < 0.25) out.push(`+${line}`);
    else {
      out.push(` ${line}`);
      oldCount++;
    }
    newCount++;
  }
  const header = [`diff --git a/${path} b/${path}`, 'index 3f2a91c..8b0d4e7 100644', `--- a/${path}`, `+++ b/${path}`, `@@ -${firstLine},${oldCount} +${firstLine},${newCount} @@`];
  return [...header, ...out].join('\n');
}

export function asToolResult(snippet: string, firstLine: number): string {
  return numbered(snippet.split('\n'), firstLine);
}

/** A file read shown by `cat -n` / `nl -ba` (tab after the number) or opencode (`12: `), picked at random. */
export function asNumberedRead(snippet: string, firstLine: number, rand: () => number): string {
  const tab = rand() < 0.5;
  return snippet
    .split('\n')
    .map((l, i) => (tab ? `${String(firstLine + i).padStart(6)}\t${l}` : `${firstLine + i}: ${l}`))
    .join('\n');
}

/** Pasted into prose without a fence: a sentence before and after, blank lines around. */
export function inProse(snippet: string, rand: () => number): string {
  return `${prose(rand, 30 + Math.floor(rand() * 30))}\n\n${snippet}\n\n${prose(rand, 20 + Math.floor(rand() * 30))}`;
}

/** A Codex `apply_patch` envelope: the snippet as an added file, or as `+` and context lines of an update. */
export function asApplyPatch(snippet: string, path: string, rand: () => number): string {
  const lines = snippet.split('\n');
  if (rand() < 0.5) return ['*** Begin Patch', `*** Add File: ${path}`, ...lines.map((l) => `+${l}`), '*** End Patch'].join('\n');
  const body = lines.map((l) => (rand() < 0.3 ? `+${l}` : ` ${l}`));
  return ['*** Begin Patch', `*** Update File: ${path}`, `@@ ${lines[0]?.trim() ?? ''}`, ...body, '*** End Patch'].join('\n');
}

/** A tool call that writes the snippet to a file, as its JSON arguments (what the gateway scans). */
export function asWriteCall(snippet: string, path: string, rand: () => number): string {
  return rand() < 0.5 ? JSON.stringify({ file_path: path, content: snippet }) : JSON.stringify({ input: asApplyPatch(snippet, path, rand) });
}

/** Prose as people write it: `n` paragraphs of 20–70 words, each wrapped at ~72 columns. */
export function paragraphs(rand: () => number, n: number): string {
  const out: string[] = [];
  for (let p = 0; p < n; p++) {
    const words = prose(rand, 20 + Math.floor(rand() * 50)).split(' ');
    const lines: string[] = [];
    let line = '';
    for (const w of words) {
      if (line.length > 0 && line.length + 1 + w.length > 72) {
        lines.push(line);
        line = w;
      } else line = line.length > 0 ? `${line} ${w}` : w;
    }
    if (line) lines.push(line);
    out.push(lines.join('\n'));
  }
  return out.join('\n\n');
}

/**
 * Inside a message of wrapped paragraphs (2–4 before, 1–3 after): fenced with its language label, fenced
 * without a label, or not fenced at all — a paste into an e-mail-like question.
 */
export function inWrappedProse(snippet: string, label: string, rand: () => number): string {
  const before = paragraphs(rand, 2 + Math.floor(rand() * 3));
  const after = paragraphs(rand, 1 + Math.floor(rand() * 3));
  const r = rand();
  const body = r < 0.4 ? `\`\`\`${label}\n${snippet}\n\`\`\`` : r < 0.6 ? `\`\`\`\n${snippet}\n\`\`\`` : snippet;
  return `${before}\n\n${body}\n\n${after}`;
}

/** Other line-number gutters agents and tools print: `L12 `, `L12: `, `12|`, `  12 | `, `12→`. */
export function asOtherGutter(snippet: string, firstLine: number, rand: () => number): string {
  const style = Math.floor(rand() * 5);
  const width = String(firstLine + snippet.split('\n').length).length;
  return snippet
    .split('\n')
    .map((l, i) => {
      const n = firstLine + i;
      switch (style) {
        case 0:
          return `L${n} ${l}`;
        case 1:
          return `L${n}: ${l}`;
        case 2:
          return `${n}|${l}`;
        case 3:
          return `${String(n).padStart(width + 2)} | ${l}`;
        default:
          return `${n}→${l}`;
      }
    })
    .join('\n');
}

/**
 * What editors and clipboards do to whitespace: CRLF line ends, and the leading indentation removed,
 * tabs turned into spaces (or spaces into tabs), or re-indented by a constant (a block pasted into a
 * deeper scope). The text of every line is otherwise unchanged.
 */
export function asWhitespaceVariant(snippet: string, rand: () => number): string {
  const style = Math.floor(rand() * 4);
  const lines = snippet.split('\n').map((l) => {
    const m = /^[ \t]*/.exec(l)?.[0] ?? '';
    const rest = l.slice(m.length);
    switch (style) {
      case 0:
        return rest;
      case 1:
        return m.replace(/\t/g, '    ') + rest;
      case 2:
        return m.replace(/ {4}| {2}/g, '\t') + rest;
      default:
        return `        ${l}`;
    }
  });
  return lines.join(rand() < 0.8 ? '\r\n' : '\n');
}

/**
 * An edit of the snippet's file as a unified diff: every line is context, except ~20% of the non-blank
 * ones, shown as removed (`-` the original) and added again edited (`+`, its first word changed). The
 * company's text is the pre-image: context and `-` lines.
 */
export function asEditDiff(snippet: string, path: string, firstLine: number, rand: () => number): string {
  const out: string[] = [];
  let added = 0;
  for (const line of snippet.split('\n')) {
    if (line.trim() !== '' && rand() < 0.2) {
      out.push(`-${line}`, `+${line.replace(/[A-Za-z_]\w*/, (w) => `${w}2`)}`);
      added++;
    } else out.push(` ${line}`);
  }
  const n = snippet.split('\n').length;
  return [`diff --git a/${path} b/${path}`, 'index 3f2a91c..8b0d4e7 100644', `--- a/${path}`, `+++ b/${path}`, `@@ -${firstLine},${n} +${firstLine},${n} @@`, ...out].join('\n');
}
