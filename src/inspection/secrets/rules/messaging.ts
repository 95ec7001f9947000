import type { RuleSpec } from '../rule-set.ts';
import { rule } from './define.ts';

/** Messaging and communication: Slack, Discord, Telegram, Teams, Twilio, e-mail delivery services. */

export const messagingRules: RuleSpec[] = [
  rule('sekisho-slack-token', 'Slack token', '\\b(xox[abposr]-(?:[0-9]{8,13}-){1,2}[0-9A-Za-z-]{16,64})\\b', ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-'], { confidence: 'high' }),
];
