import type { RuleExamples } from './examples.ts';

export const examples: RuleExamples = {
  'sekisho-jwt': {
    positive: ['Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    negative: ['eyJub3RhbGci.eyJzdWIiOiIxMjM0.abcdefghijk'],
  },
  'sekisho-private-key': {
    positive: ['-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkWm5v3ZQxq7h1pJ3YlqT0bQ8d2n6Xk4sVf9Lr2Gc1RoAoGCCqGSM49\n-----END EC PRIVATE KEY-----\n'],
    negative: ['-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n'],
  },
};
