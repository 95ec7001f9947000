/**
 * Common idioms nobody owns — the code every codebase has: import blocks, counting loops, license
 * headers over a few lines of code, getters and setters, test boilerplate, CLI entry points. Generated
 * from templates with varied names, in TypeScript/JavaScript and Python; any own-code finding on them
 * is a false positive.
 */

const NAMES = ['user', 'order', 'item', 'config', 'client', 'session', 'record', 'value', 'result', 'payload', 'account', 'message'];
const MODULES = ['fs', 'path', 'os', 'http', 'crypto', 'util', 'events', 'stream', 'url', 'zlib', 'assert', 'child_process'];
const PY_MODULES = ['os', 'sys', 're', 'json', 'logging', 'argparse', 'typing', 'pathlib', 'datetime', 'collections', 'itertools', 'functools'];
const MIT = `Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software.`;

export interface Idiom {
  kind: string;
  text: string;
}

export function idioms(rand: () => number, count: number): Idiom[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  const some = <T>(xs: readonly T[], n: number): T[] => [...xs].sort(() => rand() - 0.5).slice(0, n);
  const make: (() => Idiom)[] = [
    () => ({ kind: 'imports (ts)', text: some(MODULES, 4 + Math.floor(rand() * 6)).map((m) => `import ${m === 'child_process' ? '{ spawn }' : `* as ${m}`} from 'node:${m}';`).join('\n') + `\nimport { ${cap(pick(NAMES))}Service } from './${pick(NAMES)}-service';\n` }),
    () => ({ kind: 'imports (py)', text: some(PY_MODULES, 4 + Math.floor(rand() * 6)).map((m) => (rand() < 0.5 ? `import ${m}` : `from ${m} import *`)).join('\n') + '\n' }),
    () => {
      const n = pick(NAMES);
      return { kind: 'for loop (ts)', text: `let total = 0;\nfor (let i = 0; i < ${n}s.length; i++) {\n  const ${n} = ${n}s[i];\n  if (!${n}) continue;\n  total += ${n}.amount;\n}\nreturn total;\n` };
    },
    () => {
      const n = pick(NAMES);
      return { kind: 'for loop (py)', text: `total = 0\nfor ${n} in ${n}s:\n    if not ${n}:\n        continue\n    total += ${n}.amount\nreturn total\n` };
    },
    () => {
      const n = pick(NAMES);
      return { kind: 'license header + code', text: `/*\n * Copyright (c) ${2000 + Math.floor(rand() * 25)} ${cap(n)} Inc.\n *\n * ${MIT.replace(/(.{1,90})(?: |$)/g, '$1\n * ')}\n */\n'use strict';\n\nObject.defineProperty(exports, '__esModule', { value: true });\nexports.${n} = void 0;\n` };
    },
    () => {
      const n = pick(NAMES);
      const C = cap(n);
      return { kind: 'getters/setters (ts)', text: `export class ${C} {\n  private _name: string;\n  private _id: number;\n\n  constructor(name: string, id: number) {\n    this._name = name;\n    this._id = id;\n  }\n\n  get name(): string {\n    return this._name;\n  }\n\n  set name(value: string) {\n    this._name = value;\n  }\n\n  get id(): number {\n    return this._id;\n  }\n\n  set id(value: number) {\n    this._id = value;\n  }\n}\n` };
    },
    () => {
      const n = pick(NAMES);
      return { kind: 'getters/setters (py)', text: `class ${cap(n)}:\n    def __init__(self, name, value):\n        self._name = name\n        self._value = value\n\n    @property\n    def name(self):\n        return self._name\n\n    @name.setter\n    def name(self, value):\n        self._name = value\n\n    @property\n    def value(self):\n        return self._value\n\n    @value.setter\n    def value(self, value):\n        self._value = value\n` };
    },
    () => {
      const n = pick(NAMES);
      return { kind: 'test boilerplate (ts)', text: `import { describe, it, expect, beforeEach } from 'vitest';\nimport { ${cap(n)} } from './${n}';\n\ndescribe('${cap(n)}', () => {\n  let ${n}: ${cap(n)};\n\n  beforeEach(() => {\n    ${n} = new ${cap(n)}();\n  });\n\n  it('creates an instance', () => {\n    expect(${n}).toBeDefined();\n  });\n\n  it('returns the default value', () => {\n    expect(${n}.get()).toBe(null);\n  });\n});\n` };
    },
    () => {
      const n = pick(NAMES);
      return { kind: 'test boilerplate (py)', text: `import unittest\n\n\nclass Test${cap(n)}(unittest.TestCase):\n    def setUp(self):\n        self.${n} = ${cap(n)}()\n\n    def tearDown(self):\n        self.${n} = None\n\n    def test_default(self):\n        self.assertIsNone(self.${n}.get())\n\n    def test_set(self):\n        self.${n}.set(1)\n        self.assertEqual(self.${n}.get(), 1)\n\n\nif __name__ == '__main__':\n    unittest.main()\n` };
    },
    () => ({ kind: 'CLI main (py)', text: `def main(argv=None):\n    parser = argparse.ArgumentParser(description=__doc__)\n    parser.add_argument('-v', '--verbose', action='store_true', help='more output')\n    parser.add_argument('-o', '--output', default='-', help='output file')\n    parser.add_argument('files', nargs='*')\n    args = parser.parse_args(argv)\n    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)\n    for name in args.files:\n        with open(name) as f:\n            process(f)\n    return 0\n\n\nif __name__ == '__main__':\n    sys.exit(main())\n` }),
    () => {
      const n = pick(NAMES);
      return { kind: 'http handler (ts)', text: `app.get('/${n}s/:id', async (req, res) => {\n  try {\n    const ${n} = await db.${n}s.findById(req.params.id);\n    if (!${n}) {\n      return res.status(404).json({ error: 'not found' });\n    }\n    res.json(${n});\n  } catch (err) {\n    console.error(err);\n    res.status(500).json({ error: 'internal error' });\n  }\n});\n` };
    },
    () => ({ kind: 'promise wrapper (ts)', text: `function readJson(path) {\n  return new Promise((resolve, reject) => {\n    fs.readFile(path, 'utf8', (err, data) => {\n      if (err) {\n        reject(err);\n        return;\n      }\n      try {\n        resolve(JSON.parse(data));\n      } catch (e) {\n        reject(e);\n      }\n    });\n  });\n}\n` }),
  ];
  const out: Idiom[] = [];
  for (let i = 0; i < count; i++) out.push((make[i % make.length] ?? make[0]!)());
  return out;
}
