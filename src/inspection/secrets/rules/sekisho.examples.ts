import type { RuleExamples } from './examples.ts';

export const examples: RuleExamples = {
  'sekisho-gateway-key': {
    positive: ['SEKISHO_KEY=sks_k90QWVAbM5pXyoVDjmlHGXSuVCvbJFjr0ZNJ6b'],
    // One character changed: the checksum no longer matches.
    negative: ['SEKISHO_KEY=sks_k90QWVAbM5pXyoVDjmlHGXSuVCvbJFjr0ZNJ6c'],
  },
};
