import type { RuleExamples } from './examples.ts';

export const examples: RuleExamples = {
  'sekisho-github-token': {
    positive: [{ text: 'GITHUB_TOKEN=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', value: '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' }],
    negative: ['GITHUB_TOKEN=ghp_Qm7Tz2Vw9Kd4Rb8Xn3Hs6Lp1'],
  },
  'sekisho-github-fine-grained-pat': {
    positive: ['token: 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'],
    negative: ['token: github_pat_u8jzPde0IgxLd6GncfBAep_fJBd0Kh8oOOL8dKLzdocJ2is'],
  },
};
