import type { RuleSpec } from '../rule-set.ts';
import { HEX32, HEX40, HEX64, named, prefixed, rule, UUID } from './define.ts';

/** AI model providers: OpenAI, Anthropic, Gemini, Groq, Hugging Face, Cohere, Mistral, … */

export const aiProviderRules: RuleSpec[] = [
  // `T3BlbkFJ` is base64 of "OpenAI", embedded in every OpenAI key format (user, project, service account, admin).
  rule('sekisho-openai-key', 'OpenAI API key', '\\b(sk-(?:(?:proj|svcacct|admin)-)?[0-9A-Za-z_-]{16,}T3BlbkFJ[0-9A-Za-z_-]{16,})', ['t3blbkfj'], { confidence: 'high' }),
  named('sekisho-openai-key-named', 'OpenAI API key without the embedded marker, assigned to an OpenAI name', 'openai', String.raw`sk-(?:(?:proj|svcacct|admin)-)?[0-9A-Za-z_-]{32,200}`, ['openai'], { entropy: 3.5 }),
  rule('sekisho-anthropic-key', 'Anthropic API key', '\\b(sk-ant-(?:api|admin)[0-9]{2}-[0-9A-Za-z_-]{80,100}AA)(?:[^0-9A-Za-z_\\n-]|(?m:$))', ['sk-ant-'], { confidence: 'high' }),
  prefixed('sekisho-anthropic-oauth-token', 'Anthropic OAuth access or refresh token (Claude Code setup-token)', 'sk-ant-o(?:at|rt)[0-9]{2}-[0-9A-Za-z_-]{80,120}', ['sk-ant-o']),
  prefixed('sekisho-groq-api-key', 'Groq API key', 'gsk_[0-9A-Za-z]{52}', ['gsk_']),
  prefixed('sekisho-huggingface-token', 'Hugging Face user or organisation access token', 'hf_[A-Za-z]{34}|api_org_[A-Za-z]{34}', ['hf_', 'api_org_'], { entropy: 3.5 }),
  named('sekisho-cohere-api-key', 'Cohere API key assigned to a Cohere name', 'cohere|co_api', '[0-9A-Za-z]{40}', ['cohere', 'co_api'], { entropy: 3.5 }),
  named('sekisho-mistral-api-key', 'Mistral AI API key assigned to a Mistral name', 'mistral', '[0-9A-Za-z]{32}', ['mistral'], { entropy: 3.5 }),
  prefixed('sekisho-perplexity-api-key', 'Perplexity API key', 'pplx-[0-9A-Za-z]{40,60}', ['pplx-'], { entropy: 3.5 }),
  prefixed('sekisho-xai-api-key', 'xAI (Grok) API key', 'xai-[0-9A-Za-z]{80}', ['xai-'], { entropy: 3.5 }),
  prefixed('sekisho-replicate-api-token', 'Replicate API token', 'r8_[0-9A-Za-z]{37}', ['r8_'], { entropy: 3.5 }),
  named('sekisho-deepseek-api-key', 'DeepSeek API key assigned to a DeepSeek name', 'deepseek', `sk-${HEX32}`, ['deepseek']),
  prefixed('sekisho-openrouter-api-key', 'OpenRouter API key', `sk-or-v1-${HEX64}`, ['sk-or-v1-']),
  prefixed('sekisho-langsmith-api-key', 'LangSmith (LangChain) API key', 'lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}', ['lsv2_']),
  prefixed('sekisho-langfuse-secret-key', 'Langfuse secret key', `sk-lf-${UUID}`, ['sk-lf-']),
  prefixed('sekisho-pinecone-api-key', 'Pinecone API key', 'pcsk_[0-9A-Za-z]{4,8}_[0-9A-Za-z]{40,80}', ['pcsk_']),
  named('sekisho-pinecone-legacy-api-key', 'Pinecone API key (UUID) assigned to a Pinecone name', 'pinecone', UUID, ['pinecone']),
  prefixed('sekisho-nvidia-api-key', 'NVIDIA NGC / API catalog key', 'nvapi-[0-9A-Za-z_-]{64}', ['nvapi-']),
  prefixed('sekisho-cerebras-api-key', 'Cerebras API key', 'csk-[0-9a-z]{48}', ['csk-']),
  prefixed('sekisho-together-api-key', 'Together AI API key', 'tgp_v1_[0-9A-Za-z_-]{43}', ['tgp_v1_']),
  named('sekisho-together-legacy-api-key', 'Together AI API key (64 hex) assigned to a Together name', 'together[_-]', HEX64, ['together_', 'together-']),
  named('sekisho-fireworks-api-key', 'Fireworks AI API key assigned to a Fireworks name', 'fireworks', '(?:fw_)?[0-9A-Za-z]{24,48}', ['fireworks'], { entropy: 3.5 }),
  prefixed('sekisho-tavily-api-key', 'Tavily API key', 'tvly-(?:dev-|prod-)?[0-9A-Za-z]{32}', ['tvly-']),
  prefixed('sekisho-firecrawl-api-key', 'Firecrawl API key', `fc-${HEX32}`, ['fc-']),
  named('sekisho-elevenlabs-api-key', 'ElevenLabs API key assigned to its name', 'elevenlabs|eleven_labs|xi-api|xi_api', '(?:sk_[0-9a-f]{48}|[0-9a-f]{32})', ['elevenlabs', 'eleven_labs', 'xi-api', 'xi_api']),
  named('sekisho-assemblyai-api-key', 'AssemblyAI API key assigned to its name', 'assemblyai|assembly_ai', HEX32, ['assemblyai', 'assembly_ai']),
  named('sekisho-deepgram-api-key', 'Deepgram API key assigned to its name', 'deepgram', HEX40, ['deepgram']),
  named('sekisho-voyage-api-key', 'Voyage AI API key assigned to its name', 'voyage', 'pa-[0-9A-Za-z_-]{43}', ['voyage'], { anyName: true }),
  named('sekisho-wandb-api-key', 'Weights & Biases API key assigned to its name', 'wandb', '(?:local-)?[0-9a-f]{40}', ['wandb']),
  named('sekisho-stability-api-key', 'Stability AI API key assigned to its name', 'stability', 'sk-[0-9A-Za-z]{48}', ['stability'], { anyName: true }),
  prefixed('sekisho-anyscale-api-key', 'Anyscale endpoint API key', 'esecret_[0-9A-Za-z]{26}', ['esecret_']),
  prefixed('sekisho-jina-api-key', 'Jina AI API key', 'jina_[0-9A-Za-z_-]{60}', ['jina_']),
  named('sekisho-exa-api-key', 'Exa API key assigned to its name', 'exa_api|exa-api|exaapi', UUID, ['exa_api', 'exa-api', 'exaapi']),
  named('sekisho-fal-api-key', 'fal.ai API key assigned to its name', 'fal_key|fal-key|falkey|fal_api', `${UUID}:${HEX32}`, ['fal_key', 'fal-key', 'falkey', 'fal_api'], { anyName: true }),
  named('sekisho-moonshot-api-key', 'Moonshot (Kimi) API key assigned to its name', 'moonshot|kimi', 'sk-[0-9A-Za-z]{48}', ['moonshot', 'kimi'], { anyName: true }),
];
