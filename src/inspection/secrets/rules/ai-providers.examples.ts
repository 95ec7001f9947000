import type { RuleExamples } from './examples.ts';
import { fake, fakeUuid } from './fabricate.ts';

export const examples: RuleExamples = {
  'sekisho-openai-key': {
    positive: ['OPENAI_API_KEY=sk-proj-YYZYn9ZhyiA4uoRgnatmT3BlbkFJUdjAWtGSU8po_799Nksn'],
    negative: ['OPENAI_API_KEY=sk-proj-YYZYn9ZhyiA4uoRgnatmUdjAWtGSU8po_799Nksn'],
  },
  'sekisho-openai-key-named': {
    positive: [`OPENAI_API_KEY=sk-proj-${fake('b64url', 156, 'oai')}`],
    negative: ['OPENAI_API_KEY=sk-proj-your-key-here'],
  },
  'sekisho-anthropic-key': {
    positive: ['ANTHROPIC_API_KEY=sk-ant-api03-RH9ucAUsdMlHUvTCQCyEZDz-TddJ8HyS5SUkCnD8zRA9a9SkpXz9w3QlY7Zkuvqdt7s8Stqcbnr3yBdGBLEPH1qhT6AA'],
    negative: ['ANTHROPIC_API_KEY=sk-ant-api03-RH9ucAUsdMlHUvTCQCyEZDz-TddJ8HyS5SUkCnD8zRA9a9SkpXz9AA'],
  },
  'sekisho-anthropic-oauth-token': {
    positive: [`CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-${fake('b64url', 93, 'oat')}AA`],
    negative: ['CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-short'],
  },
  'sekisho-groq-api-key': {
    positive: [`GROQ_API_KEY=gsk_${fake('alnum', 52, 'groq')}`],
    negative: [`GROQ_API_KEY=gsk_${fake('alnum', 30, 'groq')}`],
  },
  'sekisho-huggingface-token': {
    positive: [`HF_TOKEN=hf_${fake('alpha', 34, 'hf')}`],
    negative: [`HF_TOKEN=hf_${fake('alpha', 20, 'hf')}`, `hf_${'a'.repeat(34)}`],
  },
  'sekisho-cohere-api-key': {
    positive: [`COHERE_API_KEY=${fake('alnum', 40, 'cohere')}`],
    negative: [`COHERE_MODEL=${fake('alnum', 40, 'cohere')}`],
  },
  'sekisho-mistral-api-key': {
    positive: [`MISTRAL_API_KEY=${fake('alnum', 32, 'mistral')}`],
    negative: [`MISTRAL_MODEL=${fake('alnum', 32, 'mistral')}`],
  },
  'sekisho-perplexity-api-key': {
    positive: [`PERPLEXITY_API_KEY=pplx-${fake('alnum', 48, 'pplx')}`],
    negative: ['PERPLEXITY_API_KEY=pplx-xxxx'],
  },
  'sekisho-xai-api-key': {
    positive: [`XAI_API_KEY=xai-${fake('alnum', 80, 'xai')}`],
    negative: [`XAI_API_KEY=xai-${fake('alnum', 40, 'xai')}`],
  },
  'sekisho-replicate-api-token': {
    positive: [`REPLICATE_API_TOKEN=r8_${fake('alnum', 37, 'r8')}`],
    negative: ['REPLICATE_API_TOKEN=r8_short'],
  },
  'sekisho-deepseek-api-key': {
    positive: [`DEEPSEEK_API_KEY=sk-${fake('hex', 32, 'ds')}`],
    negative: [`DEEPSEEK_BASE_URL=sk-${fake('hex', 32, 'ds')}`],
  },
  'sekisho-openrouter-api-key': {
    positive: [`OPENROUTER_API_KEY=sk-or-v1-${fake('hex', 64, 'or')}`],
    negative: ['OPENROUTER_API_KEY=sk-or-v1-<key>'],
  },
  'sekisho-langsmith-api-key': {
    positive: [`LANGSMITH_API_KEY=lsv2_pt_${fake('hex', 32, 'ls')}_${fake('hex', 10, 'ls2')}`],
    negative: ['LANGSMITH_API_KEY=lsv2_pt_...'],
  },
  'sekisho-langfuse-secret-key': {
    positive: [`LANGFUSE_SECRET_KEY=sk-lf-${fakeUuid('lf')}`],
    negative: [`LANGFUSE_PUBLIC_KEY=pk-lf-${fakeUuid('lf')}`],
  },
  'sekisho-pinecone-api-key': {
    positive: [`PINECONE_API_KEY=pcsk_${fake('alnum', 6, 'pc')}_${fake('alnum', 63, 'pc2')}`],
    negative: ['PINECONE_API_KEY=pcsk_abc'],
  },
  'sekisho-pinecone-legacy-api-key': {
    positive: [`PINECONE_API_KEY=${fakeUuid('pcl')}`],
    negative: [`PINECONE_INDEX=${fakeUuid('pcl')}`],
  },
  'sekisho-nvidia-api-key': {
    positive: [`NVIDIA_API_KEY=nvapi-${fake('b64url', 64, 'nv')}`],
    negative: ['NVIDIA_API_KEY=nvapi-short'],
  },
  'sekisho-cerebras-api-key': {
    positive: [`CEREBRAS_API_KEY=csk-${fake('loweralnum', 48, 'csk')}`],
    negative: ['CEREBRAS_API_KEY=csk-short'],
  },
  'sekisho-together-api-key': {
    positive: [`TOGETHER_API_KEY=tgp_v1_${fake('b64url', 43, 'tgp')}`],
    negative: ['TOGETHER_API_KEY=tgp_v1_short'],
  },
  'sekisho-together-legacy-api-key': {
    positive: [`TOGETHER_API_KEY=${fake('hex', 64, 'tog')}`],
    negative: [`TOGETHER_MODEL=${fake('hex', 64, 'tog')}`],
  },
  'sekisho-fireworks-api-key': {
    positive: [`FIREWORKS_API_KEY=fw_${fake('alnum', 24, 'fw')}`],
    negative: ['FIREWORKS_API_KEY=fw_'],
  },
  'sekisho-tavily-api-key': {
    positive: [`TAVILY_API_KEY=tvly-dev-${fake('alnum', 32, 'tv')}`],
    negative: ['TAVILY_API_KEY=tvly-xxxx'],
  },
  'sekisho-firecrawl-api-key': {
    positive: [`FIRECRAWL_API_KEY=fc-${fake('hex', 32, 'fc')}`],
    negative: [`FIRECRAWL_API_KEY=fc-${fake('hex', 16, 'fc')}`],
  },
  'sekisho-elevenlabs-api-key': {
    positive: [`ELEVENLABS_API_KEY=sk_${fake('hex', 48, 'el')}`],
    negative: ['ELEVENLABS_VOICE_ID=21m00Tcm4TlvDq8ikWAM'],
  },
  'sekisho-assemblyai-api-key': {
    positive: [`ASSEMBLYAI_API_KEY=${fake('hex', 32, 'aai')}`],
    negative: [`ASSEMBLYAI_API_KEY=${fake('hex', 20, 'aai')}`],
  },
  'sekisho-deepgram-api-key': {
    positive: [`DEEPGRAM_API_KEY=${fake('hex', 40, 'dg')}`],
    negative: [`DEEPGRAM_PROJECT=${fake('hex', 40, 'dg')}`],
  },
  'sekisho-voyage-api-key': {
    positive: [`VOYAGE_API_KEY=pa-${fake('b64url', 43, 'voy')}`],
    negative: ['VOYAGE_API_KEY=pa-short'],
  },
  'sekisho-wandb-api-key': {
    positive: [`WANDB_API_KEY=${fake('hex', 40, 'wandb')}`],
    negative: [`WANDB_RUN_ID=${fake('hex', 40, 'wandb')}`],
  },
  'sekisho-stability-api-key': {
    positive: [`STABILITY_API_KEY=sk-${fake('alnum', 48, 'stab')}`],
    negative: ['STABILITY_API_KEY=sk-...'],
  },
  'sekisho-anyscale-api-key': {
    positive: [`ANYSCALE_API_KEY=esecret_${fake('alnum', 26, 'any')}`],
    negative: ['ANYSCALE_API_KEY=esecret_'],
  },
  'sekisho-jina-api-key': {
    positive: [`JINA_API_KEY=jina_${fake('b64url', 60, 'jina')}`],
    negative: ['JINA_API_KEY=jina_short'],
  },
  'sekisho-exa-api-key': {
    positive: [`EXA_API_KEY=${fakeUuid('exa')}`],
    negative: [`EXAMPLE_ID=${fakeUuid('exa')}`],
  },
  'sekisho-fal-api-key': {
    positive: [`FAL_KEY=${fakeUuid('fal')}:${fake('hex', 32, 'fal2')}`],
    negative: [`FAL_KEY=${fakeUuid('fal')}`],
  },
  'sekisho-moonshot-api-key': {
    positive: [`MOONSHOT_API_KEY=sk-${fake('alnum', 48, 'moon')}`],
    negative: ['MOONSHOT_API_KEY=sk-your-key'],
  },
};
