import { base62, crc32 } from '../../src/inspection/secrets/checksum.ts';

/**
 * Fabricated credentials in the real shapes (none of them was ever issued): an AWS key id and secret,
 * a GitHub classic token with a valid checksum, an Anthropic key and a PEM private key. Tests plant them
 * in disguise and assert detection, redaction and what reaches the backend.
 */

const GITHUB_BODY = 'R8mN2pQ7vX4kL9sT1wY6zB3cD5fH0j';
export const GITHUB_TOKEN = `ghp_${GITHUB_BODY}${base62(crc32(GITHUB_BODY), 6)}`;
export const AWS_KEY_ID = 'AKIAQ3EGRT5X7ZPLM2WB';
export const AWS_SECRET = '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';
export const AWS_PAIR = `aws_access_key_id = ${AWS_KEY_ID}\naws_secret_access_key = ${AWS_SECRET}\n`;
export const ANTHROPIC_KEY = `sk-ant-api03-${'Xk9mP2qR7vT4wY1zB6cD3fH8jL5nS0uA2eG7iK4oM9rQ1tV6xZ3bN8dF5hJ0lP2sU7wY4aC9eG1kQ3mR5tW8yB0d'}AA`;

const PEM_BODY = [
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7q3fJ9kP2mX8vLw',
  'T4nR6yB1cZ0dQ5sE7uH3jK9aM2pV8xG4iN6oL1tY5rW0fS3bD7eC2hJ8kU4qA9zXw',
  'P5mF1gT6vR3nK8sL0yB2cD7eH4jQ9aW5uI1oZ6xM3pV8tG2rN7kS4fY0bE9hC5dJw',
];
export const PEM_KEY = `-----BEGIN PRIVATE KEY-----\n${PEM_BODY.join('\n')}\n-----END PRIVATE KEY-----`;
