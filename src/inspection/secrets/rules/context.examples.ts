import type { RuleExamples } from './examples.ts';

export const examples: RuleExamples = {
  'sekisho-generic-assignment': {
    positive: [{ text: 'db_password = "hX9kL2mQ7vR4tZ8w"', value: 'hX9kL2mQ7vR4tZ8w' }],
    negative: ['GRANT_TYPE_REFRESH_TOKEN = "refresh_token"'],
  },
  'sekisho-high-entropy-string': {
    positive: ['blob QL05HA064GiIjHGb3CXlMaXZjljENUhJduRHHJEYXg4J end'],
    negative: ['blob aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa end'],
  },
};
