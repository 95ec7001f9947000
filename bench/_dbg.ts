import { Inspector } from '../src/inspection/inspector.ts';
const det = { name: 't', scan(text: string) { const out: any[] = []; for (const m of text.matchAll(/AKIA[0-9A-Z]{16}/g)) out.push({ type: 'secret', ruleId: 'aws', confidence: 'high', start: m.index, end: m.index + 20, valueStart: m.index, valueEnd: m.index + 20, value: m[0] }); return out; } };
const noise = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(97 + (i % 26)));
const req = { model: 'm', system: [], messages: [{ role: 'user', content: [...noise, ...'AKIAIOSFODNN7EXAMPLE', ...noise].map(text => ({ type: 'text', text })) }], tools: [], stream: false, extensions: {} } as any;
for (let k = 0; k < 3; k++) {
const i = new Inspector({ detectors: [det as any], hashKey: Buffer.alloc(32) });
let t = performance.now(); i.inspect(req); console.log('cold', performance.now() - t);
t = performance.now(); i.inspect(req); console.log('warm', performance.now() - t);
}
