import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isDeepStrictEqual } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolResultSchema, ErrorCode, McpError, ResultSchema, type CallToolResult, type JSONRPCMessage, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { startOrcaOps } from '@orcaops/composition';
import type { Kernel } from '@orcaops/kernel';
import { inputJsonSchema } from '@orcaops/plugin-api';
import {
  MemoryLogSink,
  describePropertyReport,
  describeValue,
  envelopeProblems,
  fuzzSeed,
  fuzzToolProperty,
  hostileStringArbitrary,
  makeFuzzHome,
  markedEntries,
  notAnObjectArbitrary,
  pathTraversal,
  prepareFuzzFixtures,
  silentLogger,
  watchedDirectories,
  deriveSeed,
  type CallAnswer,
  type FuzzHome,
  type JsonSchemaNode,
  type PropertyFuzzReport,
} from '@orcaops/testing';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import * as fc from 'fast-check';
import { createMcpServer } from './create-mcp-server.js';
import { LineStdioTransport } from './line-stdio-transport.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * The property fuzz of libs/composition's catalog-property-fuzz.spec.ts, through the MCP server: the SDK's Client
 * calls every tool listed by tools/list with fast-check arguments from the tool's input schema, over the stdio
 * transport `orcaops-mcp` serves on (JSON lines over a pair of streams), and checks the results against the listed
 * output schemas. Then the JSON-RPC layer: hostile requests through the client, and lines that are not proper
 * JSON-RPC written to the server's input directly. Same variables: ORCAOPS_FUZZ_SEED, ORCAOPS_FUZZ_RUNS,
 * ORCAOPS_FUZZ_TOOL, ORCAOPS_FUZZ_PATH, ORCAOPS_FUZZ_VERBOSE; ORCAOPS_FUZZ_MCP_MS is this run's time.
 */
const RUNS = Number(process.env['ORCAOPS_FUZZ_RUNS'] ?? 300);
const TOTAL_MS = Number(process.env['ORCAOPS_FUZZ_MCP_MS'] ?? 20_000);
const RPC_RUNS = 300;
const RAW_RUNS = 200;
const CALL_TIMEOUT_MS = 15_000;
const ONLY = process.env['ORCAOPS_FUZZ_TOOL'];
const REPLAY_PATH = process.env['ORCAOPS_FUZZ_PATH'];
const VERBOSE = process.env['ORCAOPS_FUZZ_VERBOSE'] === '1';
/** Longest JSON-RPC error message: the unknown-tool answer lists every tool, the rest quote input cut short. */
const MAX_RPC_MESSAGE_CHARS = 4096;

describe('property-based fuzzing through the MCP server (fast-check, Docker endpoint absent)', () => {
  const seed = fuzzSeed();
  let home: FuzzHome;
  let kernel: Kernel;
  let client: Client;
  let tools: Tool[];
  let markedBefore: string[];
  /** The server's stdin and stdout. */
  const wire = { toServer: new PassThrough(), fromServer: new PassThrough() };
  /** What the server reported through onerror (a message it could not handle, a response it could not send). */
  const serverErrors: string[] = [];

  beforeAll(async () => {
    markedBefore = await markedEntries(watchedDirectories());
    home = await makeFuzzHome({ docker: 'absent' });
    kernel = await startOrcaOps({ cwd: home.work, env: home.env, logSink: new MemoryLogSink() });
    client = await connect(kernel);
    tools = (await client.listTools()).tools;
  });
  afterAll(async () => {
    await client?.close();
    await kernel?.stop();
    await home?.remove();
  });

  it(`answers up to ${RUNS} generated tools/call requests per listed tool with a CallToolResult whose text is the envelope, structuredContent equal to it and valid by the output schema on success, isError on failure (seed ${seed})`, async () => {
    const hints = await prepareFuzzFixtures({ kernel, work: home.work, home: home.home }, { job: true });
    expect(tools.length).toBeGreaterThanOrEqual(29);
    const ajv = new Ajv({ strict: false, allErrors: false });
    addFormats(ajv);
    const targets = tools.filter((tool) => !ONLY || tool.name === ONLY);
    const reports: PropertyFuzzReport[] = [];
    const deadline = performance.now() + TOTAL_MS;
    for (const [index, tool] of targets.entries()) {
      const validateOutput = tool.outputSchema ? ajv.compile(tool.outputSchema) : undefined;
      const timeLimitMs = Math.max(700, (deadline - performance.now()) / (targets.length - index));
      // Arguments from the tool's full input schema: the listed one is compacted for the model (no patterns or
      // lengths), and cases made from it would mostly stop at validation.
      const definition = kernel.catalog.entries.find((entry) => entry.tool.name === tool.name)?.tool;
      const target = { name: tool.name, schema: (definition ? inputJsonSchema(definition) : tool.inputSchema) as JsonSchemaNode };
      const report = await fuzzToolProperty(target, (args) => callTool(tool.name, args, validateOutput), { seed, numRuns: RUNS, timeLimitMs, callTimeoutMs: CALL_TIMEOUT_MS, path: REPLAY_PATH, root: home.root, strings: [home.work], hints });
      if (VERBOSE) process.stderr.write(`mcp ${describePropertyReport(report)}\n`);
      reports.push(report);
    }
    await kernel.drain();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stray = (await markedEntries(watchedDirectories())).filter((path) => !markedBefore.includes(path));

    expect(reports.flatMap((report) => (report.failure ? [report.failure] : []))).toEqual([]);
    expect(stray.map((path) => `created ${path} outside the temporary directory (seed ${seed})`)).toEqual([]);
    expect(reports.filter((report) => report.valid >= 20 && report.validPastValidation === 0).map((report) => report.name)).toEqual([]);
    // Still answering, with the same list.
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(tools.map((tool) => tool.name));
    expect(unexpected(serverErrors)).toEqual([]);
  }, 180_000);

  it(`answers ${RPC_RUNS} hostile JSON-RPC requests (non-object arguments, unknown or hostile tool names, hostile resource URIs, prompt names and completions, unknown methods) with a result or a bounded JSON-RPC error, and keeps answering (seed ${seed})`, async () => {
    const names = tools.map((tool) => tool.name);
    const details = await fc.check(
      fc.asyncProperty(hostileRequest(names), async (request) => {
        const problem = await rpcProblem(request);
        if (problem) throw new Error(problem);
      }),
      { seed: deriveSeed(seed, 'fast-check', 'json-rpc') | 0, numRuns: RPC_RUNS, ...(REPLAY_PATH && ONLY === 'json-rpc' ? { path: REPLAY_PATH } : {}), plugins: [fc.interruptAfterTimeLimit(15_000)] },
    );
    const failure = details.failed
      ? `${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}\n  request: ${describeValue((details.counterexample as readonly unknown[] | null)?.[0], 600)}\n  replay with ORCAOPS_FUZZ_SEED=${seed} ORCAOPS_FUZZ_TOOL=json-rpc ORCAOPS_FUZZ_PATH=${details.counterexamplePath ?? ''}`
      : null;
    expect(failure).toBeNull();
    await kernel.drain();
    // Still answering.
    await expect(client.ping()).resolves.toEqual({});
    expect((await client.listTools()).tools.length).toBe(tools.length);
    expect(unexpected(serverErrors)).toEqual([]);
  }, 60_000);

  it(`answers ${RAW_RUNS} lines that are not proper JSON-RPC requests (not JSON, not JSON-RPC 2.0, unknown methods) with a JSON-RPC answer of their id, and keeps serving (seed ${seed})`, async () => {
    const answers: Array<Record<string, unknown>> = [];
    let partial = '';
    const collect = (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) answers.push(JSON.parse(line) as Record<string, unknown>);
    };
    // A second reader of the server's output, beside the client's (which ignores answers to ids it never used).
    wire.fromServer.on('data', collect);
    try {
      const details = await fc.check(
        fc.asyncProperty(rawLine(), async ({ line, id }) => {
          const from = answers.length;
          wire.toServer.write(`${line}\n`);
          const deadline = Date.now() + 5000;
          for (;;) {
            const answer = answers.slice(from).find((candidate) => candidate['id'] === id);
            if (answer) {
              const error = answer['error'];
              if ('result' in answer || (isPlainObject(error) && Number.isInteger(error['code']) && typeof error['message'] === 'string')) return;
              throw new Error(`answered ${describeValue(answer)}, neither a result nor a JSON-RPC error`);
            }
            if (Date.now() > deadline) throw new Error(`no answer with id ${JSON.stringify(id)} within 5 s`);
            await new Promise((resolve) => setTimeout(resolve, 2));
          }
        }),
        { seed: deriveSeed(seed, 'fast-check', 'raw-lines') | 0, numRuns: RAW_RUNS, plugins: [fc.interruptAfterTimeLimit(10_000)] },
      );
      expect(details.failed ? `${String(details.errorInstance)}\n  line: ${fc.stringify((details.counterexample as readonly unknown[] | null)?.[0])}` : null).toBeNull();
    } finally {
      wire.fromServer.off('data', collect);
    }
    await expect(client.ping()).resolves.toEqual({});
    expect(unexpected(serverErrors)).toEqual([]);
  }, 60_000);

  /** The server on the stdio transport `orcaops-mcp` uses, over streams; the client on the same line framing. */
  async function connect(core: Kernel): Promise<Client> {
    const server = createMcpServer({ core, version: '0', log: silentLogger });
    server.onerror = (error) => serverErrors.push(error.message.slice(0, 300));
    await server.connect(new LineStdioTransport(wire.toServer, wire.fromServer));
    const connected = new Client({ name: 'property-fuzz', version: '1' });
    await connected.connect(new ClientStreamTransport(wire.fromServer, wire.toServer));
    return connected;
  }

  /** One tools/call through the client, and what is wrong with its answer. */
  async function callTool(name: string, args: unknown, validateOutput: ValidateFunction | undefined): Promise<CallAnswer> {
    let result: CallToolResult;
    try {
      result = await client.request({ method: 'tools/call', params: { name, arguments: args } } as never, CallToolResultSchema, { timeout: CALL_TIMEOUT_MS * 2 });
    } catch (error) {
      // Arguments that are not an object are refused by the protocol layer, as a JSON-RPC error.
      if (error instanceof McpError && !isPlainObject(args)) {
        const problems = rpcErrorProblems(error);
        if (error.code !== ErrorCode.InvalidParams) problems.push(`arguments that are not an object were answered ${error.code}, not Invalid params`);
        return { code: 'refused as Invalid params', problems };
      }
      return { code: 'rpc error', problems: [`tools/call was answered ${describeError(error)} instead of a tool result`] };
    }
    return resultProblems(result, args, validateOutput);
  }

  /** What is wrong with the answer to one hostile request; null if nothing. */
  async function rpcProblem(request: { method: string; params?: unknown }): Promise<string | null> {
    try {
      await client.request(request as never, ResultSchema, { timeout: CALL_TIMEOUT_MS });
      return null;
    } catch (error) {
      if (!(error instanceof McpError)) return `${request.method} was answered ${describeError(error)}, not a JSON-RPC error`;
      return rpcErrorProblems(error).join('; ') || null;
    }
  }
});

/**
 * A proper JSON-RPC error has an integer code and a bounded message, and is never an Internal error: params a
 * method does not take are Invalid params (invalid-params.ts), and nothing a client sends may break a handler.
 */
function rpcErrorProblems(error: McpError): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(error.code)) problems.push(`JSON-RPC error code ${describeValue(error.code)} is not an integer`);
  if (error.code === ErrorCode.InternalError) problems.push(`JSON-RPC Internal error: ${describeValue(error.message)}`);
  if (error.code === ErrorCode.RequestTimeout) problems.push('no answer before the request timed out');
  if (error.message.length > MAX_RPC_MESSAGE_CHARS) problems.push(`JSON-RPC error message of ${error.message.length} characters`);
  return problems;
}

/** A tools/call result must carry the envelope as text; on success the same as structuredContent, valid by the output schema. */
function resultProblems(result: CallToolResult, args: unknown, validateOutput: ValidateFunction | undefined): CallAnswer {
  const first = result.content[0];
  if (first?.type !== 'text') return { code: 'malformed', problems: [`the first content block is ${describeValue(first)}, not text`] };
  let envelope: unknown;
  try {
    envelope = JSON.parse(first.text);
  } catch {
    return { code: 'malformed', problems: [`the text block is not JSON: ${describeValue(first.text)}`] };
  }
  const problems = envelopeProblems(envelope, args);
  const success = isPlainObject(envelope) && envelope['success'] === true;
  const error = isPlainObject(envelope) ? envelope['error'] : undefined;
  const code = success ? 'ok' : isPlainObject(error) && typeof error['code'] === 'string' ? error['code'] : 'malformed';
  if (success) {
    if (result.isError === true) problems.push('isError on a success');
    if (!isDeepStrictEqual(result.structuredContent, envelope)) problems.push('structuredContent is not the envelope of the text block');
    if (validateOutput && !validateOutput(result.structuredContent)) problems.push(`structuredContent does not match the output schema: ${JSON.stringify(validateOutput.errors?.slice(0, 2)).slice(0, 400)}`);
  } else {
    if (result.isError !== true) problems.push('a failure without isError');
    if (result.structuredContent !== undefined) problems.push('a failure with structuredContent');
  }
  return { code, problems };
}

/** Hostile requests at the protocol layer, for a server whose tools are `names`. */
function hostileRequest(names: readonly string[]): fc.Arbitrary<{ method: string; params?: unknown }> {
  const text = fc.oneof(
    hostileStringArbitrary().map((hostile) => String(hostile.value)),
    pathTraversal,
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(...names).map((name) => `${name}\u0000`),
  );
  const uriPrefixes = ['orcaops://runs/', 'orcaops://runs/orcafuzz-job/', 'orcaops://runs/orcafuzz-job/logs/', 'orcaops://runs/orcafuzz-job/artifacts/', 'orcaops://sandboxes/', 'orcaops://sandboxes/orcafuzz-registered/', 'file:///', ''];
  const uri = fc.tuple(fc.constantFrom(...uriPrefixes), text, fc.boolean(), fc.constantFrom('', '/compose', '/logs/stdout', '/../../etc/passwd')).map(([prefix, part, encode, suffix]) => `${prefix}${encode ? encodeLoosely(part) : part}${suffix}`);
  const promptName = fc.oneof(fc.constantFrom('run-tests', 'debug-sandbox', 'cleanup'), text);
  const promptArguments = fc.dictionary(fc.oneof(fc.constantFrom('image', 'command', 'template_id', 'name', 'sandbox', 'job_id'), text), text, { maxKeys: 3, noNullPrototype: true });
  const notObject = fc.oneof(fc.constantFrom<unknown>(null, 0, 'x', true), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }));
  return fc.oneof(
    fc.tuple(fc.constantFrom(...names), notAnObjectArbitrary).map(([name, args]) => ({ method: 'tools/call', params: { name, arguments: args } })),
    text.map((name) => ({ method: 'tools/call', params: { name, arguments: {} } })),
    fc.constantFrom<unknown>(null, 0, [], {}, true).map((name) => ({ method: 'tools/call', params: { name } })),
    uri.map((value) => ({ method: 'resources/read', params: { uri: value } })),
    fc.tuple(promptName, promptArguments).map(([name, args]) => ({ method: 'prompts/get', params: { name, arguments: args } })),
    fc.tuple(fc.oneof(promptName.map((name) => ({ type: 'ref/prompt', name })), uri.map((value) => ({ type: 'ref/resource', uri: value }))), text, text).map(([ref, name, value]) => ({ method: 'completion/complete', params: { ref, argument: { name, value } } })),
    fc.tuple(fc.constantFrom('tools/call', 'tools/list', 'resources/read', 'prompts/get', 'completion/complete', 'resources/subscribe'), notObject).map(([method, params]) => ({ method, params })),
    text.map((method) => ({ method, params: {} })),
  );
}

/**
 * The client's end of the stdio pipe, reading as the SDK's stdio client transport does (its ReadBuffer): a line it
 * cannot take (the server's answer to a line without a usable id has `id: null`, which the SDK's types refuse) is
 * dropped, not answered. (A LineStdioTransport here would answer it, and the two would answer each other forever.)
 */
class ClientStreamTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly buffer = new ReadBuffer();

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
  ) {}

  async start(): Promise<void> {
    this.input.on('data', this.onData);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.output.write(serializeMessage(message));
  }

  async close(): Promise<void> {
    this.input.off('data', this.onData);
    this.onclose?.();
  }

  private readonly onData = (chunk: Buffer): void => {
    this.buffer.append(chunk);
    for (;;) {
      try {
        const message = this.buffer.readMessage();
        if (message === null) return;
        this.onmessage?.(message);
      } catch (error) {
        this.onerror?.(error as Error);
      }
    }
  };
}

/** Server errors other than the transport's reports of lines it answered as not JSON-RPC. */
function unexpected(errors: readonly string[]): string[] {
  return errors.filter((message) => !/^(Parse error|Invalid Request|Message larger than)/.test(message));
}

/**
 * A line for the server's input that is not a proper request, and the id its answer must carry: text that is not
 * JSON (id null), JSON that is not JSON-RPC 2.0 (its id if it has a number or string one, else null), and
 * requests for methods that do not exist (their id).
 */
function rawLine(): fc.Arbitrary<{ line: string; id: string | number | null }> {
  const id = fc.oneof(fc.integer({ min: 1_000_000, max: 2 ** 31 - 1 }), fc.string({ minLength: 1, maxLength: 12 }).map((text) => `raw-${text}`));
  const notJson = fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).filter((text) => !/[\r\n\u2028\u2029]/.test(text) && text.trim().length > 0 && !parses(text));
  const method = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('tools/call', 'resources/read', 'prompts/get', 'initialize', 'rpc.discover', 'notifications/cancelled'));
  const badRequest = fc.tuple(id, method, fc.constantFrom<Record<string, unknown>>({ jsonrpc: '1.0' }, { jsonrpc: 2 }, {}, { params: [1, 2] }, { params: 'x' }, { method: 7 }, { method: null }, { result: undefined, method: undefined }));
  return fc.oneof(
    notJson.map((line) => ({ line, id: null })),
    fc.jsonValue({ maxDepth: 2 }).filter((value) => !isPlainObject(value)).map((value) => ({ line: JSON.stringify(value), id: null })),
    // An id that is not a string or an integer: a fraction is echoed, anything else answered as null.
    fc.tuple(fc.constantFrom<unknown>({}, [], null, true, 1.5), method).map(([badId, name]) => ({ line: JSON.stringify({ jsonrpc: '2.0', id: badId, method: name }), id: typeof badId === 'number' ? badId : null })),
    badRequest.map(([requestId, name, broken]) => ({ line: JSON.stringify({ jsonrpc: '2.0', id: requestId, method: name, ...broken }), id: requestId })),
    fc.tuple(id, method.filter((name) => !KNOWN_METHODS.has(name)), fc.jsonValue({ maxDepth: 2 })).map(([requestId, name, params]) => ({ line: JSON.stringify({ jsonrpc: '2.0', id: requestId, method: name, params: isPlainObject(params) ? params : { value: params } }), id: requestId })),
  );
}

/** Methods the server serves, whose answers depend on their params (left to the client-side test). */
const KNOWN_METHODS = new Set(['initialize', 'ping', 'tools/list', 'tools/call', 'resources/list', 'resources/templates/list', 'resources/read', 'resources/subscribe', 'resources/unsubscribe', 'prompts/list', 'prompts/get', 'completion/complete', 'logging/setLevel', 'tasks/get', 'tasks/list', 'tasks/cancel', 'tasks/result']);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** encodeURIComponent, except that a lone surrogate (which it refuses) stays as it is. */
function encodeLoosely(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name} ${describeValue(error.message)}` : describeValue(error);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
