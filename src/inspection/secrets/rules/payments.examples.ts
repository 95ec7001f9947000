import type { RuleExamples } from './examples.ts';

export const examples: RuleExamples = {
  'sekisho-stripe-key': {
    positive: [{ text: 'STRIPE_KEY=sk_live_AIxNKu8iS2G8NPRVdD53X83R', value: 'sk_live_AIxNKu8iS2G8NPRVdD53X83R' }],
    negative: ['STRIPE_KEY=sk_live_AIxNKu8i'],
  },
};
