/**
 * Reads a policy file (`policy.file`): YAML, validated against `$defs/policyDocument` of schema.json and
 * by build-policy.ts, every problem reported as `file:line:col` in a `ConfigError` — the same messages
 * config loading gives. Used at start, on every hot reload and by `sekisho policy check`.
 */
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { ConfigError } from '../config/config-error.ts';
import { readConfigFile } from '../config/read-config-file.ts';
import { toIssues } from '../config/load-config.ts';
import { createValidator, type JsonSchema, type Validator } from '../config/validate-schema.ts';
import type { PolicyAction } from '../domain/decision.ts';
import type { RawPolicyDocument } from './raw-policy.ts';
import type { PolicyDocument } from './types.ts';
import { buildPolicyDocument, checkPolicyDocument } from './build-policy.ts';

let validator: Promise<Validator> | undefined;

/** The validator for a policy file: schema.json's `policyDocument` definition as the root. */
export function policyValidator(): Promise<Validator> {
  validator ??= readFile(new URL('../config/schema.json', import.meta.url), 'utf8').then((text) => {
    const schema = JSON.parse(text) as JsonSchema;
    return createValidator({ $defs: schema.$defs ?? {}, $ref: '#/$defs/policyDocument' });
  });
  return validator;
}

export interface LoadedPolicyFile {
  document: PolicyDocument;
  /** SHA-256 of the file's bytes: unchanged content is not reloaded. */
  contentHash: string;
}

/** Loads and validates one policy file; throws `ConfigError` (located) on any problem. */
export async function loadPolicyFile(path: string, fallbackDefault: PolicyAction): Promise<LoadedPolicyFile> {
  const file = await readConfigFile(path);
  const value = file.value;
  const schemaErrors = (await policyValidator())(value);
  if (schemaErrors.length > 0) throw new ConfigError(toIssues(schemaErrors, file));
  const raw = value as RawPolicyDocument;
  const checkErrors = checkPolicyDocument(raw, []);
  if (checkErrors.length > 0) throw new ConfigError(toIssues(checkErrors, file));
  const bytes = await readFile(file.absolutePath);
  return { document: buildPolicyDocument(raw, fallbackDefault), contentHash: createHash('sha256').update(bytes).digest('hex') };
}
