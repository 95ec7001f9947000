import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createValidator, validateSchema, type JsonSchema } from './validate-schema.ts';

const messages = (schema: JsonSchema, value: unknown): string[] =>
  validateSchema(schema, value).map((e) => `${JSON.stringify(e.path)} ${e.message}`);

test('type, including lists of types, integer vs number and non-finite numbers', () => {
  assert.deepEqual(messages({ type: 'string' }, 'x'), []);
  assert.deepEqual(messages({ type: 'string' }, 5), ['[] must be a string, got 5']);
  assert.deepEqual(messages({ type: ['string', 'null'] }, null), []);
  assert.deepEqual(messages({ type: ['string', 'null'] }, true), ['[] must be a string or null, got true']);
  assert.deepEqual(messages({ type: 'integer' }, 2.5), ['[] must be a whole number, got 2.5']);
  assert.deepEqual(messages({ type: 'number' }, 2.5), []);
  assert.deepEqual(messages({ type: 'number' }, Number.POSITIVE_INFINITY), ['[] must be a number, got a non-finite number']);
  assert.deepEqual(messages({ type: 'object' }, []), ['[] must be a mapping, got a list']);
  assert.deepEqual(messages({ type: 'array' }, {}), ['[] must be a list, got a mapping']);
});

test('type errors never echo string values', () => {
  const [error] = validateSchema({ type: 'object' }, 'sk-very-secret');
  assert.ok(error !== undefined);
  assert.doesNotMatch(error.message, /sk-very-secret/);
});

test('properties, required and unknown keys with a typo suggestion', () => {
  const schema: JsonSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['host'],
    properties: { host: { type: 'string' }, port: { type: 'integer' } },
  };
  assert.deepEqual(validateSchema(schema, { hots: 'a' }), [
    { path: ['hots'], message: 'unknown key "hots" (did you mean "host"?)', keyword: 'additionalProperties' },
    { path: [], message: 'missing required key "host"', keyword: 'required' },
  ]);
  assert.deepEqual(messages(schema, { host: 'a', zzzzzz: 1 }), ['["zzzzzz"] unknown key "zzzzzz"']);
  assert.deepEqual(messages(schema, { host: 'a', port: '80' }), ['["port"] must be a whole number, got a string']);
});

test('additionalProperties as a schema validates every extra value', () => {
  const schema: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };
  assert.deepEqual(messages(schema, { a: 'x', b: 2 }), ['["b"] must be a string, got 2']);
});

test('items, minItems, maxItems, uniqueItems', () => {
  const schema: JsonSchema = { type: 'array', minItems: 1, maxItems: 3, uniqueItems: true, items: { enum: ['a', 'b', 'c', 'd'] } };
  assert.deepEqual(messages(schema, []), ['[] must not be empty']);
  assert.deepEqual(messages(schema, ['a', 'b', 'a']), ['[] must not list the same item twice ("a" appears more than once)']);
  assert.deepEqual(messages(schema, ['a', 'b', 'c', 'd']), ['[] must have at most 3 items']);
  assert.deepEqual(messages(schema, ['a', 'x']), ['[1] must be one of: a, b, c, d']);
  assert.deepEqual(messages({ type: 'array', minItems: 2 }, [1]), ['[] must have at least 2 items']);
  assert.deepEqual(messages({ uniqueItems: true }, [{ a: [1] }, { a: [1] }]), ['[] must not list the same item twice ({"a":[1]} appears more than once)']);
});

test('enum suggests the closest value; const compares structurally', () => {
  assert.deepEqual(messages({ enum: ['openai', 'anthropic'] }, 'opneai'), ['[] must be one of: openai, anthropic (did you mean "openai"?)']);
  assert.deepEqual(messages({ enum: ['openai', 'anthropic'] }, 'ollama'), ['[] must be one of: openai, anthropic']);
  assert.deepEqual(messages({ enum: [1, null] }, 2), ['[] must be one of: 1, null']);
  assert.deepEqual(messages({ const: { a: 1 } }, { a: 1 }), []);
  assert.deepEqual(messages({ const: 'x' }, 'y'), ['[] must be "x"']);
});

test('string and number bounds and patterns', () => {
  assert.deepEqual(messages({ type: 'string', minLength: 1 }, ''), ['[] must not be empty']);
  assert.deepEqual(messages({ type: 'string', minLength: 3, maxLength: 4 }, 'ab'), ['[] must be at least 3 characters long']);
  assert.deepEqual(messages({ type: 'string', maxLength: 2 }, 'abc'), ['[] must be at most 2 characters long']);
  assert.deepEqual(messages({ type: 'string', maxLength: 2 }, '日本'), []);
  assert.deepEqual(messages({ type: 'string', pattern: '^[a-z]+$' }, 'aB'), ['[] must match the pattern /^[a-z]+$/']);
  assert.deepEqual(messages({ type: 'integer', minimum: 0, maximum: 10 }, 11), ['[] must be at most 10, got 11']);
  assert.deepEqual(messages({ type: 'integer', minimum: 0, maximum: 10 }, -1), ['[] must be at least 0, got -1']);
});

test('$ref to $defs, including nested references', () => {
  const schema: JsonSchema = {
    type: 'object',
    properties: { list: { type: 'array', items: { $ref: '#/$defs/item' } } },
    $defs: { item: { type: 'object', properties: { n: { $ref: '#/$defs/num' } } }, num: { type: 'integer' } },
  };
  assert.deepEqual(messages(schema, { list: [{ n: 1 }, { n: 'x' }] }), ['["list",1,"n"] must be a whole number, got a string']);
});

test('anyOf reports the alternative whose type fits, or the list of accepted types', () => {
  const schema: JsonSchema = {
    anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string' } }],
  };
  assert.deepEqual(messages(schema, 'a'), []);
  assert.deepEqual(messages(schema, ['a']), []);
  assert.deepEqual(messages(schema, ''), ['[] must not be empty']);
  assert.deepEqual(messages(schema, ['a', 3]), ['[1] must be a string, got 3']);
  assert.deepEqual(messages(schema, 3), ['[] must be a string or a list, got 3']);
});

test('oneOf fails when several alternatives match', () => {
  const schema: JsonSchema = { type: 'object', oneOf: [{ required: ['a'] }, { required: ['b'] }] };
  assert.deepEqual(messages(schema, { a: 1 }), []);
  assert.deepEqual(messages(schema, { a: 1, b: 2 }), ['[] must match exactly one of the allowed forms, but matches 2']);
  assert.deepEqual(messages(schema, {}), ['[] missing required key "a"']);
});

test('errorMessage replaces failures of the value itself but keeps failures of its children', () => {
  const ref: JsonSchema = {
    type: 'object',
    additionalProperties: false,
    properties: { env: { type: 'string' } },
    required: ['env'],
    errorMessage: 'must be { env: NAME }',
  };
  assert.deepEqual(messages(ref, 'inline'), ['[] must be { env: NAME }']);
  assert.deepEqual(messages(ref, {}), ['[] must be { env: NAME }']);
  assert.deepEqual(messages(ref, { env: 1 }), ['["env"] must be a string, got 1']);
  assert.deepEqual(messages(ref, { env: 'X', extra: 1 }), ['["extra"] unknown key "extra"']);
  const perKeyword: JsonSchema = { $ref: '#/$defs/ref', errorMessage: { type: 'no inline values' }, $defs: { ref } };
  assert.deepEqual(messages(perKeyword, 'inline'), ['[] no inline values']);
  assert.deepEqual(messages(perKeyword, {}), ['[] must be { env: NAME }']);
});

test('boolean schemas', () => {
  assert.deepEqual(messages({ type: 'array', items: false }, [1]), ['[0] is not allowed here']);
  assert.deepEqual(messages({ type: 'array', items: true }, [1]), []);
});

test('unsupported keywords and dangling references are rejected when compiling', () => {
  assert.throws(() => createValidator({ allOf: [] } as JsonSchema), /schema keyword "allOf" at # is not supported/);
  assert.throws(() => createValidator({ properties: { a: { $ref: '#/$defs/missing' } } }), /does not resolve/);
  assert.throws(() => createValidator({ $ref: 'other.json' }), /only local references/);
});
