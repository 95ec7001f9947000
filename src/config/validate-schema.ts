/**
 * A small JSON Schema validator for the subset of draft 2020-12 our own schemas use. We write it
 * ourselves instead of depending on a schema library (fewer third-party packages to trust), and so
 * the messages can speak to someone editing a YAML file rather than to a schema author.
 */
import { closestMatch } from './closest-match.ts';
import type { ValuePath } from './format-path.ts';
import { isPlainObject, jsonEqual, describeValue, typeNames } from './json-values.ts';

/** Instance types JSON Schema knows. */
export type SchemaType = 'null' | 'boolean' | 'object' | 'array' | 'number' | 'integer' | 'string';

/**
 * The supported keywords. `errorMessage` is our extension (same idea as ajv-errors): a friendlier
 * message replacing this node's own failures, either for all of them (string) or per keyword (map).
 */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  $comment?: string;
  title?: string;
  description?: string;
  default?: unknown;
  examples?: unknown[];
  errorMessage?: string | Record<string, string>;
  type?: SchemaType | SchemaType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: boolean | JsonSchema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

/** One problem: where in the value (`path`), what is wrong, and which keyword found it. */
export interface SchemaError {
  path: ValuePath;
  message: string;
  /** The failing keyword; `additionalProperties` errors point at the unknown key itself. */
  keyword: string;
}

/** A compiled validator: returns every problem found, or an empty list. */
export type Validator = (value: unknown) => SchemaError[];

const KNOWN_KEYWORDS = new Set<string>([
  '$schema', '$id', '$ref', '$defs', '$comment', 'title', 'description', 'default', 'examples', 'errorMessage',
  'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'pattern', 'minLength',
  'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'uniqueItems', 'oneOf', 'anyOf',
]);

/**
 * Checks the schema once (unsupported keywords and unresolvable `$ref`s throw, so a schema edit
 * cannot silently be ignored) and returns the validator.
 */
export function createValidator(root: JsonSchema): Validator {
  const patterns = new Map<string, RegExp>();
  const resolve = (ref: string): JsonSchema => {
    if (!ref.startsWith('#')) throw new Error(`unsupported $ref "${ref}": only local references are supported`);
    let node: unknown = root;
    for (const raw of ref.slice(1).split('/').slice(1)) {
      const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
      node = isPlainObject(node) ? node[key] : undefined;
    }
    if (!isPlainObject(node)) throw new Error(`$ref "${ref}" does not resolve to a schema`);
    return node as JsonSchema;
  };
  checkSchema(root, '#', resolve, patterns);

  const validate = (schema: JsonSchema | boolean, value: unknown, path: ValuePath): SchemaError[] => {
    if (schema === true) return [];
    if (schema === false) return [{ path, message: 'is not allowed here', keyword: 'false' }];
    const errors: SchemaError[] = [];
    if (schema.$ref !== undefined) errors.push(...validate(resolve(schema.$ref), value, path));
    if (schema.type !== undefined && !hasType(value, schema.type)) {
      const expected = typeNames(Array.isArray(schema.type) ? schema.type : [schema.type]);
      errors.push({ path, message: `must be ${expected}, got ${describeValue(value)}`, keyword: 'type' });
      return withErrorMessage(schema, errors, path);
    }
    if (schema.enum !== undefined && !schema.enum.some((option) => jsonEqual(option, value))) {
      const hint = typeof value === 'string' ? closestMatch(value, schema.enum.filter((o) => typeof o === 'string')) : undefined;
      const list = schema.enum.map((o) => (typeof o === 'string' ? o : JSON.stringify(o))).join(', ');
      errors.push({ path, message: `must be one of: ${list}${hint === undefined ? '' : ` (did you mean "${hint}"?)`}`, keyword: 'enum' });
    }
    if (schema.const !== undefined && !jsonEqual(schema.const, value)) {
      errors.push({ path, message: `must be ${JSON.stringify(schema.const)}`, keyword: 'const' });
    }
    if (typeof value === 'string') errors.push(...checkString(schema, value, path, patterns));
    if (typeof value === 'number') errors.push(...checkNumber(schema, value, path));
    if (Array.isArray(value)) {
      errors.push(...checkArray(schema, value, path));
      if (schema.items !== undefined) value.forEach((item, i) => errors.push(...validate(schema.items!, item, [...path, i])));
    }
    if (isPlainObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        const declared = schema.properties?.[key];
        if (declared !== undefined) errors.push(...validate(declared, child, [...path, key]));
        else if (schema.additionalProperties === false) errors.push(unknownKey(schema, key, path));
        else if (schema.additionalProperties !== undefined) errors.push(...validate(schema.additionalProperties, child, [...path, key]));
      }
      for (const key of schema.required ?? []) {
        if (!Object.hasOwn(value, key)) errors.push({ path, message: `missing required key "${key}"`, keyword: 'required' });
      }
    }
    if (schema.anyOf !== undefined) errors.push(...checkAlternatives(schema.anyOf, value, path, false));
    if (schema.oneOf !== undefined) errors.push(...checkAlternatives(schema.oneOf, value, path, true));
    return withErrorMessage(schema, errors, path);
  };

  const checkAlternatives = (branches: JsonSchema[], value: unknown, path: ValuePath, exactlyOne: boolean): SchemaError[] => {
    const results = branches.map((branch) => validate(branch, value, path));
    const passing = results.filter((errors) => errors.length === 0).length;
    if (passing === 1 || (passing > 1 && !exactlyOne)) return [];
    if (passing > 1) return [{ path, message: `must match exactly one of the allowed forms, but matches ${passing}`, keyword: 'oneOf' }];
    // Report the alternative the value was evidently meant to be: one whose type fits, and among
    // those the one that got furthest into the value before failing.
    const fitting = results.filter((errors) => !errors.some((e) => e.keyword === 'type' && e.path.length === path.length));
    if (fitting.length === 0) {
      const types = branches.flatMap((branch) => declaredTypes(branch, resolve));
      const expected = types.length > 0 ? typeNames([...new Set(types)]) : 'one of the allowed forms';
      return [{ path, message: `must be ${expected}, got ${describeValue(value)}`, keyword: 'type' }];
    }
    const depth = (errors: SchemaError[]): number => Math.max(...errors.map((e) => e.path.length));
    return fitting.reduce((best, errors) =>
      depth(errors) > depth(best) || (depth(errors) === depth(best) && errors.length < best.length) ? errors : best,
    );
  };

  return (value) => validate(root, value, []);
}

/** Convenience for one-off checks; prefer `createValidator` when validating repeatedly. */
export function validateSchema(schema: JsonSchema, value: unknown): SchemaError[] {
  return createValidator(schema)(value);
}

function hasType(value: unknown, type: SchemaType | SchemaType[]): boolean {
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => {
    switch (t) {
      case 'null': return value === null;
      case 'boolean': return typeof value === 'boolean';
      case 'string': return typeof value === 'string';
      case 'number': return typeof value === 'number' && Number.isFinite(value);
      case 'integer': return typeof value === 'number' && Number.isInteger(value);
      case 'array': return Array.isArray(value);
      case 'object': return isPlainObject(value);
    }
  });
}

function checkString(schema: JsonSchema, value: string, path: ValuePath, patterns: Map<string, RegExp>): SchemaError[] {
  const errors: SchemaError[] = [];
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength) {
    const message = schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters long`;
    errors.push({ path, message, keyword: 'minLength' });
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    errors.push({ path, message: `must be at most ${schema.maxLength} characters long`, keyword: 'maxLength' });
  }
  if (schema.pattern !== undefined && !patterns.get(schema.pattern)!.test(value)) {
    errors.push({ path, message: `must match the pattern /${schema.pattern}/`, keyword: 'pattern' });
  }
  return errors;
}

function checkNumber(schema: JsonSchema, value: number, path: ValuePath): SchemaError[] {
  const errors: SchemaError[] = [];
  if (schema.minimum !== undefined && value < schema.minimum) {
    errors.push({ path, message: `must be at least ${schema.minimum}, got ${value}`, keyword: 'minimum' });
  }
  if (schema.maximum !== undefined && value > schema.maximum) {
    errors.push({ path, message: `must be at most ${schema.maximum}, got ${value}`, keyword: 'maximum' });
  }
  return errors;
}

function checkArray(schema: JsonSchema, value: unknown[], path: ValuePath): SchemaError[] {
  const errors: SchemaError[] = [];
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    const message = schema.minItems === 1 ? 'must not be empty' : `must have at least ${schema.minItems} items`;
    errors.push({ path, message, keyword: 'minItems' });
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    errors.push({ path, message: `must have at most ${schema.maxItems} items`, keyword: 'maxItems' });
  }
  if (schema.uniqueItems === true) {
    const duplicate = value.find((item, i) => value.findIndex((other) => jsonEqual(other, item)) !== i);
    if (duplicate !== undefined) {
      errors.push({ path, message: `must not list the same item twice (${JSON.stringify(duplicate)} appears more than once)`, keyword: 'uniqueItems' });
    }
  }
  return errors;
}

function unknownKey(schema: JsonSchema, key: string, path: ValuePath): SchemaError {
  const hint = closestMatch(key, Object.keys(schema.properties ?? {}));
  const message = `unknown key "${key}"${hint === undefined ? '' : ` (did you mean "${hint}"?)`}`;
  return { path: [...path, key], message, keyword: 'additionalProperties' };
}

/** Applies `errorMessage` to the errors about this very value; errors about its children are kept. */
function withErrorMessage(schema: JsonSchema, errors: SchemaError[], path: ValuePath): SchemaError[] {
  const custom = schema.errorMessage;
  if (custom === undefined) return errors;
  const here = errors.filter((e) => e.path.length === path.length && e.keyword !== 'additionalProperties');
  if (here.length === 0) return errors;
  const deeper = errors.filter((e) => !here.includes(e));
  if (typeof custom === 'string') {
    const keyword = here.every((e) => e.keyword === 'type') ? 'type' : 'errorMessage';
    return [{ path, message: custom, keyword }, ...deeper];
  }
  const replaced: SchemaError[] = [];
  for (const error of here) {
    const message = custom[error.keyword];
    if (message === undefined) replaced.push(error);
    else if (!replaced.some((e) => e.keyword === error.keyword && e.message === message)) replaced.push({ ...error, message });
  }
  return [...replaced, ...deeper];
}

function declaredTypes(schema: JsonSchema, resolve: (ref: string) => JsonSchema): SchemaType[] {
  if (schema.type !== undefined) return Array.isArray(schema.type) ? schema.type : [schema.type];
  if (schema.$ref !== undefined) return declaredTypes(resolve(schema.$ref), resolve);
  return [];
}

function checkSchema(schema: JsonSchema, where: string, resolve: (ref: string) => JsonSchema, patterns: Map<string, RegExp>): void {
  for (const keyword of Object.keys(schema)) {
    if (!KNOWN_KEYWORDS.has(keyword)) throw new Error(`schema keyword "${keyword}" at ${where} is not supported by validate-schema.ts`);
  }
  if (schema.$ref !== undefined) resolve(schema.$ref);
  if (schema.pattern !== undefined && !patterns.has(schema.pattern)) patterns.set(schema.pattern, new RegExp(schema.pattern, 'u'));
  const children: [string, JsonSchema | boolean | undefined][] = [
    ['additionalProperties', schema.additionalProperties],
    ['items', schema.items],
    ...Object.entries(schema.properties ?? {}).map(([k, s]): [string, JsonSchema] => [`properties/${k}`, s]),
    ...Object.entries(schema.$defs ?? {}).map(([k, s]): [string, JsonSchema] => [`$defs/${k}`, s]),
    ...(schema.oneOf ?? []).map((s, i): [string, JsonSchema] => [`oneOf/${i}`, s]),
    ...(schema.anyOf ?? []).map((s, i): [string, JsonSchema] => [`anyOf/${i}`, s]),
  ];
  for (const [name, child] of children) {
    if (typeof child === 'object') checkSchema(child, `${where}/${name}`, resolve, patterns);
  }
}
