/**
 * How a snippet reaches a prompt besides a plain paste: embedded in a longer, unrelated conversation
 * (prose and other code in fences), as part of a unified diff (context and added lines, with removed
 * lines interleaved), or as a line-numbered tool result (Claude Code's Read: `     12→code`).
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
