/**
 * The one error configuration loading throws. Its message is ready to print: one line per problem,
 * each starting with where it is (`sekisho.yaml:14:11`, `SEKISHO_PORT`, `--port`).
 */

/** One problem and where it is; `where` is null when there is nothing better than the message. */
export interface ConfigIssue {
  where: string | null;
  text: string;
}

const MAX_LINES = 20;

/** Why a separate class: the CLI prints its message without a stack trace and exits non-zero. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    super(formatIssues(issues), options);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

function formatIssues(issues: readonly ConfigIssue[]): string {
  const lines = issues.slice(0, MAX_LINES).map((i) => (i.where === null ? i.text : `${i.where}: ${i.text}`));
  if (issues.length > MAX_LINES) lines.push(`... and ${issues.length - MAX_LINES} more problems`);
  return lines.join('\n');
}
