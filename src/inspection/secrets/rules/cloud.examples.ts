import type { RuleExamples } from './examples.ts';

export const examples: RuleExamples = {
  'sekisho-aws-access-key-id': {
    positive: [{ text: 'aws_access_key_id = AKIAZ3MNQ7RPW2XK4TLB', value: 'AKIAZ3MNQ7RPW2XK4TLB' }],
    negative: ['aws_access_key_id = AKIAZ3MNQ7RPW2XK4TLB9'],
  },
  'sekisho-aws-secret-access-key': {
    positive: [{ text: 'aws_secret_access_key = MFxFkM+R5Kjp1vRt/1fjORS+6ilI8ihN5KXSc7Tv', value: 'MFxFkM+R5Kjp1vRt/1fjORS+6ilI8ihN5KXSc7Tv' }],
    negative: ['aws_secret_access_key = MFxFkM+R5Kjp1vRt/1fjORS+6il'],
  },
  'sekisho-google-api-key': {
    positive: [{ text: 'key=AIzao-hBKqFYY-kv5ZJr3J1TWDtkwtDDb_xHKas', value: 'AIzao-hBKqFYY-kv5ZJr3J1TWDtkwtDDb_xHKas' }],
    negative: ['key=AIzao-hBKqFYY-kv5ZJr3J1TWDtkw'],
  },
};
