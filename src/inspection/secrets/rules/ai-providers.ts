import type { RuleSpec } from '../rule-set.ts';
import { rule } from './define.ts';

/** AI model providers: OpenAI, Anthropic, Gemini, Groq, Hugging Face, Cohere, Mistral, … */

export const aiProviderRules: RuleSpec[] = [
  rule('sekisho-openai-key', 'OpenAI API key', '\\b(sk-(?:(?:proj|svcacct|admin)-)?[0-9A-Za-z_-]{16,}T3BlbkFJ[0-9A-Za-z_-]{16,})', ['t3blbkfj'], { confidence: 'high' }),
  rule('sekisho-anthropic-key', 'Anthropic API key', '\\b(sk-ant-(?:api|admin)[0-9]{2}-[0-9A-Za-z_-]{80,100}AA)(?:[^0-9A-Za-z_-]|$)', ['sk-ant-'], { confidence: 'high' }),
];
