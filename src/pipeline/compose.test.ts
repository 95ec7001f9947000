import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compose, type Stage } from './compose.ts';

test('stages run in order, wrapping what follows them', async () => {
  const trace: string[] = [];
  const wrap = (name: string): Stage<string[]> => async (ctx, next) => {
    ctx.push(`${name}>`);
    await next();
    ctx.push(`<${name}`);
  };
  await compose([wrap('a'), wrap('b'), wrap('c')])(trace);
  assert.deepEqual(trace, ['a>', 'b>', 'c>', '<c', '<b', '<a']);
});

test('a stage that does not call next stops the pipeline; errors propagate to wrappers', async () => {
  const seen: string[] = [];
  const run = compose<string[]>([
    async (ctx, next) => {
      try {
        await next();
      } catch (e) {
        ctx.push(`caught ${(e as Error).message}`);
      }
    },
    async () => {
      throw new Error('boom');
    },
    async (ctx) => {
      ctx.push('never');
    },
  ]);
  await run(seen);
  assert.deepEqual(seen, ['caught boom']);
});

test('calling next twice is an error', async () => {
  const run = compose<object>([
    async (_ctx, next) => {
      await next();
      await next();
    },
  ]);
  await assert.rejects(run({}), /next\(\) called twice/);
});
