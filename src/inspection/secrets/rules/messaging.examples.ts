import type { RuleExamples } from './examples.ts';

export const examples: RuleExamples = {
  'sekisho-slack-token': {
    positive: ['SLACK_BOT_TOKEN=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
    negative: ['SLACK_BOT_TOKEN=xoxb-notatoken'],
  },
};
