/**
 * The gateways under test: one per enforcement setup, each in front of three recording fake model
 * servers in zone `external` — one per dialect — so a client protocol meets a backend of its own
 * dialect (passthrough) or of another (translation) by the model name it asks for.
 */
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import type { PolicyDocument } from '../../src/policy/types.ts';
import { BACKEND_MODELS, type Setup } from './matrix.ts';

/** Block private keys, redact every other secret (medium or higher) and personal data; allow the rest. */
export const POLICY: PolicyDocument = {
  default: 'allow',
  monitor: false,
  rules: [
    { name: 'no-private-keys', action: 'block', monitor: false, reason: 'private keys never leave', when: { findings: [{ rule: ['sekisho-private-key'], minCount: 1 }] } },
    // At medium, as policies commonly say: a value the gateway drops to low (a documentation-example judgement
    // an attacker can trigger) shows up here as a leak.
    { name: 'redact-secrets', action: 'redact', monitor: false, when: { findings: [{ type: ['secret'], confidence: 'medium', minCount: 1 }] } },
    { name: 'redact-personal-data', action: 'redact', monitor: false, when: { findings: [{ type: ['pii'], minCount: 1 }] } },
  ],
};

export async function startSetup(setup: Setup): Promise<Harness> {
  return startHarness({
    inspection: setup === 'policy' ? 'report' : 'redact',
    ...(setup === 'policy' ? { policy: { document: POLICY } } : {}),
    backends: [
      { name: 'anthropic', type: 'anthropic', flavor: 'anthropic', apis: ['messages', 'count_tokens'], zone: 'external' },
      { name: 'chat', type: 'openai', flavor: 'openai', apis: ['chat', 'completions', 'embeddings'], zone: 'external' },
      { name: 'responses', type: 'openai', flavor: 'openai', apis: ['responses'], zone: 'external' },
    ],
    routes: () => [
      { match: [`${BACKEND_MODELS.messages}*`], targets: [{ backend: 'anthropic' }], fallbacks: [] },
      { match: [`${BACKEND_MODELS.chat}*`], targets: [{ backend: 'chat' }], fallbacks: [] },
      { match: [`${BACKEND_MODELS.responses}*`], targets: [{ backend: 'responses' }], fallbacks: [] },
    ],
    retryAttempts: 1,
    // The audit trail is not what this suite measures; without it each case costs a fraction.
    audit: { enabled: false },
  });
}
