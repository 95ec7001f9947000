import type { RuleExamples } from './examples.ts';

export const examples: RuleExamples = {
  'sekisho-openai-key': {
    positive: ['OPENAI_API_KEY=sk-proj-YYZYn9ZhyiA4uoRgnatmT3BlbkFJUdjAWtGSU8po_799Nksn'],
    negative: ['OPENAI_API_KEY=sk-proj-YYZYn9ZhyiA4uoRgnatmUdjAWtGSU8po_799Nksn'],
  },
  'sekisho-anthropic-key': {
    positive: ['ANTHROPIC_API_KEY=sk-ant-api03-RH9ucAUsdMlHUvTCQCyEZDz-TddJ8HyS5SUkCnD8zRA9a9SkpXz9w3QlY7Zkuvqdt7s8Stqcbnr3yBdGBLEPH1qhT6AA'],
    negative: ['ANTHROPIC_API_KEY=sk-ant-api03-RH9ucAUsdMlHUvTCQCyEZDz-TddJ8HyS5SUkCnD8zRA9a9SkpXz9AA'],
  },
};
