import type { RuleExamples } from './examples.ts';

export const examples: RuleExamples = {
};
