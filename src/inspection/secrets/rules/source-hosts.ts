import type { Confidence } from '../../finding.ts';
import { hasCrc32Base62Suffix } from '../checksum.ts';
import type { RefineInput, RuleSpec } from '../rule-set.ts';
import { rule } from './define.ts';

/** Source hosts, package registries, CI and artifact services. */

const GITHUB_CHECKED = ({ value }: RefineInput): Confidence => (hasCrc32Base62Suffix(value) ? 'high' : 'medium');

export const sourceHostRules: RuleSpec[] = [
  rule('sekisho-github-token', 'GitHub token (classic PAT, OAuth, user/server-to-server, refresh)', '\\b(gh[pousr]_[0-9A-Za-z]{36})\\b', ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], { refine: GITHUB_CHECKED }),
  rule('sekisho-github-fine-grained-pat', 'GitHub fine-grained personal access token', '\\b(github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59})\\b', ['github_pat_'], { confidence: 'high' }),
];
