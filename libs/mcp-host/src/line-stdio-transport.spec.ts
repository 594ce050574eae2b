import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { LineStdioTransport } from './line-stdio-transport.js';

function setup(maxLineBytes?: number) {
  const input = new PassThrough();
  const output = new PassThrough();
  const transport = new LineStdioTransport(input, output, maxLineBytes);
  const messages: unknown[] = [];
  const written: Array<Record<string, any>> = [];
  transport.onmessage = (message) => messages.push(message);
  output.on('data', (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach((line) => written.push(JSON.parse(line))));
  return { input, transport, messages, written };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const ping = (id: number) => JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' });

describe('LineStdioTransport', () => {
  it('delivers messages split across chunks and several per chunk, with CRLF', async () => {
    const { input, transport, messages } = setup();
    await transport.start();
    const text = `${ping(1)}\r\n${ping(2)}\n`;
    input.write(text.slice(0, 10));
    input.write(text.slice(10));
    await tick();
    expect(messages).toEqual([JSON.parse(ping(1)), JSON.parse(ping(2))]);
  });

  it('answers a malformed line with a parse error and keeps going', async () => {
    const { input, transport, messages, written } = setup();
    await transport.start();
    input.write(`{"jsonrpc": \n\n${ping(3)}\n`);
    await tick();
    expect(written).toEqual([{ jsonrpc: '2.0', id: null, error: { code: -32700, message: expect.stringContaining('Parse error') } }]);
    expect(messages).toEqual([JSON.parse(ping(3))]);
  });

  it('answers valid JSON that is not JSON-RPC with Invalid Request, keeping its id', async () => {
    const { input, transport, written } = setup();
    await transport.start();
    input.write(`${JSON.stringify({ id: 5, method: 42 })}\n[1,2]\n`);
    await tick();
    expect(written).toEqual([
      { jsonrpc: '2.0', id: 5, error: { code: -32600, message: expect.any(String) } },
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.any(String) } },
    ]);
  });

  it('never answers a response, even a malformed one (two peers would answer each other for ever), and keeps going', async () => {
    const { input, transport, messages, written } = setup();
    const errors: string[] = [];
    transport.onerror = (error) => errors.push(error.message);
    await transport.start();
    input.write(`${JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'x' } })}\n${JSON.stringify({ id: 'a', result: 1 })}\n${ping(4)}\n`);
    await tick();
    expect(written).toEqual([]);
    expect(errors).toHaveLength(2);
    expect(messages).toEqual([JSON.parse(ping(4))]);
  });

  it('rejects an oversized line without buffering it, then recovers', async () => {
    const { input, transport, messages, written } = setup(64);
    await transport.start();
    input.write('x'.repeat(50));
    input.write('x'.repeat(50));
    input.write('x'.repeat(50));
    input.write(`tail\n${ping(4)}\n`);
    await tick();
    expect(written).toEqual([{ jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.stringContaining('64 bytes') } }]);
    expect(messages).toEqual([JSON.parse(ping(4))]);
  });

  it('closes when the input ends', async () => {
    const { input, transport } = setup();
    let closed = false;
    transport.onclose = () => (closed = true);
    await transport.start();
    input.end();
    await tick();
    expect(closed).toBe(true);
  });
});
