import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { collectPayloadSegments, isDecodedPayload, isTextMediaType, bytesText, base64Bytes } from './payloads.ts';
import { collectUninspected, kindsOf } from './uninspected.ts';
import { anthropicMessagesProtocol } from '../protocols/anthropic-messages/index.ts';
import { openaiChatProtocol } from '../protocols/openai-chat/index.ts';
import { openaiResponsesProtocol } from '../protocols/openai-responses/index.ts';
import type { ConversationRequest } from '../conversation/index.ts';
import type { ParseResult } from '../protocols/protocol.ts';

const SECRET = 'AKIAIOSFODNN7EXAMPLE';
const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');

function parsed(result: ParseResult<ConversationRequest>): ConversationRequest {
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.value;
}
const anthropic = (content: unknown[]): ConversationRequest =>
  parsed(anthropicMessagesProtocol.parseRequest({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content }] }));
const chat = (content: unknown[]): ConversationRequest => parsed(openaiChatProtocol.parseRequest({ model: 'm', messages: [{ role: 'user', content }] }));
const responses = (content: unknown[]): ConversationRequest =>
  parsed(openaiResponsesProtocol.parseRequest({ model: 'm', input: [{ role: 'user', content }] }));

/** Decoded payload texts that hold the secret, with their paths. */
function decodedWithSecret(request: ConversationRequest): string[] {
  return collectPayloadSegments(request).filter((s) => s.text.includes(SECRET) && isDecodedPayload(s.location)).map((s) => s.location.path!);
}
const kinds = (request: ConversationRequest): string[][] => collectUninspected(request).map((u) => kindsOf(u));

test('Anthropic: a base64 document labelled text/plain or JSON is decoded and inspected, not listed', () => {
  for (const mediaType of ['text/plain', 'application/json', 'text/x-shellscript', 'application/yaml']) {
    const request = anthropic([{ type: 'document', source: { type: 'base64', media_type: mediaType, data: b64(`KEY=${SECRET}\n`) } }]);
    assert.deepEqual(decodedWithSecret(request), ['data#decoded'], mediaType);
    assert.deepEqual(kinds(request), [], mediaType);
  }
});

test('a payload that decodes to UTF-8 or UTF-16 text is inspected whatever its label; gzip is undone', () => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`KEY=${SECRET}`, 'utf16le')]);
  for (const data of [b64(`KEY=${SECRET}`), b64(Buffer.from(`KEY=${SECRET}`, 'utf16le')), b64(utf16), b64(gzipSync(`KEY=${SECRET}`))]) {
    const request = anthropic([{ type: 'image', source: { type: 'base64', media_type: 'image/png', data } }]);
    assert.deepEqual(decodedWithSecret(request), ['data#decoded']);
    assert.deepEqual(kinds(request), []);
  }
});

test('base64 broken up by junk that lenient decoders skip is still decoded', () => {
  const data = b64(`KEY=${SECRET}`).replace(/(.{4})/g, '$1*');
  const request = anthropic([{ type: 'image', source: { type: 'base64', media_type: 'image/png', data } }]);
  assert.deepEqual(decodedWithSecret(request), ['data#decoded']);
});

test('Chat file_data and image data URLs, Responses input_file: decoded (base64 and percent forms)', () => {
  const chatFile = chat([{ type: 'file', file: { filename: 'notes.txt', file_data: `data:text/plain;base64,${b64(`x ${SECRET}`)}` } }]);
  assert.deepEqual(decodedWithSecret(chatFile), ['url#decoded']);
  const chatImage = chat([{ type: 'image_url', image_url: { url: `data:image/png;base64,${b64(`x ${SECRET}`)}` } }]);
  assert.deepEqual(decodedWithSecret(chatImage), ['url#decoded']);
  const percent = chat([{ type: 'file', file: { file_data: `data:text/plain,key%3D${SECRET}` } }]);
  assert.deepEqual(decodedWithSecret(percent), ['url#decoded']);
  const input = responses([{ type: 'input_file', filename: 'a.json', file_data: `data:application/json;base64,${b64(JSON.stringify({ k: SECRET }))}` }]);
  assert.deepEqual(decodedWithSecret(input), ['data#decoded']);
  for (const r of [chatFile, chatImage, percent, input]) assert.deepEqual(kinds(r), []);
});

test('tool results and unmodelled blocks: payloads inside are found too', () => {
  const inResult = anthropic([{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'document', source: { type: 'base64', media_type: 'text/plain', data: b64(SECRET) } }] }]);
  assert.deepEqual(decodedWithSecret(inResult), ['content[0].data#decoded']);
  const future = anthropic([{ type: 'future_block', attachment: { media_type: 'text/csv', data: b64(`a,${SECRET}`) } }]);
  assert.deepEqual(decodedWithSecret(future), ['attachment.data#decoded']);
  const audio = chat([{ type: 'input_audio', input_audio: { data: b64(`say ${SECRET}`), format: 'wav' } }]);
  assert.deepEqual(decodedWithSecret(audio), ['input_audio.data#decoded'], 'text smuggled as audio is read');
});

test('what cannot be read is listed with its kinds', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).toString('base64');
  const pdf = b64(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0, 1, 2, 3])]));
  const request = anthropic([
    { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
    { type: 'image', source: { type: 'url', url: 'https://example.test/a.png?token=abc' } },
    { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf } },
    { type: 'document', source: { type: 'file', file_id: 'file_011' } },
    { type: 'image', source: { type: 'file', file_id: 'file_012' } },
    { type: 'document', source: { type: 'url', url: 'https://example.test/spec.pdf' } },
  ]);
  assert.deepEqual(kinds(request), [['image'], ['image', 'url'], ['pdf'], ['document', 'file-ref'], ['image', 'file-ref'], ['document', 'url']]);
  const openai = chat([
    { type: 'file', file: { file_id: 'file-abc', filename: 'report.pdf' } },
    { type: 'input_audio', input_audio: { data: b64(Buffer.from([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x41])), format: 'wav' } },
  ]);
  assert.deepEqual(kinds(openai), [['pdf', 'file-ref'], ['audio']]);
  const container = parsed(openaiResponsesProtocol.parseRequest({ model: 'm', input: 'run it', tools: [{ type: 'code_interpreter', container: { type: 'auto', file_ids: ['file-1', 'file-2'] } }] }));
  assert.deepEqual(kinds(container), [['document', 'file-ref'], ['document', 'file-ref']], 'files attached to a hosted tool');
  const codex = responses([{ type: 'input_image', file_id: 'file-img' }, { type: 'input_file', file_url: 'https://example.test/x.docx' }]);
  assert.deepEqual(kinds(codex), [['image', 'file-ref'], ['document', 'url']]);
});

test('strings of media parts no other surface scans: remote URLs, data URL headers, file ids and names', () => {
  const request = chat([
    { type: 'image_url', image_url: { url: `https://example.test/a.png?sig=${SECRET}` } },
    { type: 'file', file: { file_id: `file-${SECRET}`, filename: `${SECRET}.pdf` } },
    { type: 'file', file: { file_data: `data:application/pdf;name=${SECRET};base64,AAAA` } },
  ]);
  const paths = collectPayloadSegments(request).filter((s) => s.text.includes(SECRET)).map((s) => `${s.location.part}:${s.location.path}`);
  assert.deepEqual(paths.sort(), ['0:url', '1:fileId', '1:filename', '2:url'].sort());
});

test('a non-text document whose data is not base64 is scanned as the string it is', () => {
  const request = anthropic([{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: `not base64: ${SECRET}!` } }]);
  assert.ok(collectPayloadSegments(request).some((s) => s.text.includes(SECRET) && s.location.path === 'data'));
});

test('a text document that is not base64 is plain text: not listed, not decoded', () => {
  const request = anthropic([{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: `plain ${SECRET} here` } }]);
  assert.deepEqual(kinds(request), []);
  assert.deepEqual(decodedWithSecret(request), []);
});

test('helpers: text media types, strict base64, binary is not text', () => {
  assert.ok(isTextMediaType('text/markdown') && isTextMediaType('application/json; charset=utf-8') && isTextMediaType('application/vnd.api+json'));
  assert.ok(isTextMediaType('application/x-sh') && isTextMediaType('application/yaml') && isTextMediaType('application/xml'));
  assert.ok(!isTextMediaType('image/png') && !isTextMediaType('application/pdf') && !isTextMediaType(undefined));
  assert.equal(base64Bytes('aGVsbG8')?.toString(), 'hello', 'missing padding');
  assert.equal(base64Bytes('aGVs\nbG8=')?.toString(), 'hello', 'MIME line breaks');
  assert.equal(base64Bytes('aGVsbG8*'), undefined);
  assert.equal(bytesText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1]), false), undefined);
  assert.equal(bytesText(Buffer.from([0xc3, 0x28]), false), undefined, 'invalid UTF-8 is not text');
  assert.equal(bytesText(Buffer.from('héllo'), false), 'héllo');
});

test('binary content stays listed, but its printable runs are scanned: a PNG text chunk, a PDF Flate stream', async () => {
  const { deflateSync } = await import('node:zlib');
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 40]), Buffer.from(`tEXtComment\0aws_key=${SECRET}`), Buffer.from([0, 0xff, 0xfe, 0x80])]);
  const stream = deflateSync(`BT /F1 12 Tf 72 712 Td (password AWS ${SECRET}) Tj ET`);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Length 99 /Filter /FlateDecode >>\nstream\n', 'latin1'), stream, Buffer.from('\nendstream\nendobj\n%%EOF')]);
  const request = anthropic([
    { type: 'image', source: { type: 'base64', media_type: 'image/png', data: b64(png) } },
    { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: b64(pdf) } },
  ]);
  assert.deepEqual(kinds(request), [['image'], ['pdf']], 'still uninspected');
  const found = collectPayloadSegments(request).filter((s) => s.text.includes(SECRET) && isDecodedPayload(s.location)).map((s) => s.location.part);
  assert.deepEqual(found, [0, 1]);
});
