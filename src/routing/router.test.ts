import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Router } from './router.ts';
import { Backend } from '../backends/backend.ts';
import { defaultBackend } from '../config/defaults.ts';

function backends(...names: string[]): Map<string, Backend> {
  return new Map(names.map((n) => [n, new Backend({ ...defaultBackend(n, 'openai', `http://127.0.0.1:9/${n}/v1`), health: { enabled: false, path: '/models', intervalMs: 1000, timeoutMs: 100, failuresToEject: 2 } })]));
}

test('first matching route wins; unmatched model has no route', () => {
  const b = backends('a', 'b');
  const router = new Router(
    [
      { match: ['claude-*'], targets: [{ backend: 'a', model: 'coder' }], fallbacks: [] },
      { match: ['*'], targets: [{ backend: 'b' }], fallbacks: [] },
    ],
    b,
  );
  assert.deepEqual(router.candidates('claude-opus-5')!.map((c) => [c.backend.name, c.model]), [['a', 'coder']]);
  assert.deepEqual(router.candidates('gpt-x')!.map((c) => [c.backend.name, c.model]), [['b', 'gpt-x']]);
  const strict = new Router([{ match: ['only'], targets: [{ backend: 'a' }], fallbacks: [] }], b);
  assert.equal(strict.candidates('other'), undefined);
});

test('replicas: least in flight first, equal ones take turns, fallbacks last', () => {
  const b = backends('a', 'b', 'c');
  const router = new Router([{ match: ['*'], targets: [{ backend: 'a' }, { backend: 'b' }], fallbacks: [{ backend: 'c', model: 'small' }] }], b);
  const firsts = new Set([0, 1, 2, 3].map(() => router.candidates('m')![0]!.backend.name));
  assert.deepEqual([...firsts].sort(), ['a', 'b'], 'equal replicas alternate');
  b.get('a')!.inFlight = 5;
  assert.deepEqual(router.candidates('m')!.map((c) => c.backend.name), ['b', 'a', 'c']);
  assert.equal(router.candidates('m')!.at(-1)!.model, 'small');
});

test('an ejected replica is skipped, then retried after one health interval (half-open)', () => {
  const b = backends('a', 'b');
  const router = new Router([{ match: ['*'], targets: [{ backend: 'a' }, { backend: 'b' }], fallbacks: [] }], b);
  const a = b.get('a')!;
  a.recordFailure('boom');
  assert.equal(a.healthy, true, 'one failure is not enough');
  a.recordFailure('boom');
  assert.equal(a.healthy, false);
  assert.deepEqual(router.candidates('m')!.map((c) => c.backend.name), ['b']);
  a.lastFailureAt -= 1000;
  assert.ok(router.candidates('m')!.some((c) => c.backend.name === 'a'), 'eligible again after the interval');
  a.recordSuccess();
  assert.equal(a.healthy, true);
});

test('when every candidate is out of rotation they are all tried anyway', () => {
  const b = backends('a');
  const router = new Router([{ match: ['*'], targets: [{ backend: 'a' }], fallbacks: [] }], b);
  b.get('a')!.recordFailure('x');
  b.get('a')!.recordFailure('x');
  assert.deepEqual(router.candidates('m')!.map((c) => c.backend.name), ['a']);
});

test('globs: * and ? only; other characters are literal', () => {
  const b = backends('a');
  const router = new Router([{ match: ['qwen2.5-coder:?b', 'gpt-*'], targets: [{ backend: 'a' }], fallbacks: [] }], b);
  assert.ok(router.routeFor('qwen2.5-coder:7b'));
  assert.equal(router.routeFor('qwen2x5-coder:7b'), undefined, 'a dot is a dot');
  assert.equal(router.routeFor('qwen2.5-coder:14b'), undefined);
  assert.ok(router.routeFor('gpt-'));
  assert.deepEqual(router.listModels(), []);
});
