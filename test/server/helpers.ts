/**
 * Helpers for the server tests: small images made here (no dependencies), servers on real
 * loopback sockets, and multipart requests.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A valid grey RGB PNG of `width`×`height`. */
export function makePng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.alloc(1 + width * 3, 0x80);
  row[0] = 0; // filter: none
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * The head of a baseline JPEG of `width`×`height` (SOI, JFIF APP0, SOF0, EOI), optionally
 * padded inside a COM segment-free tail to reach `padTo` bytes. Enough for format sniffing
 * and pixel-size reading; not decodable pixels.
 */
export function makeJpeg(width: number, height: number, padTo = 0): Buffer {
  const soi = Buffer.from([0xff, 0xd8]);
  const app0 = Buffer.from([
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
  ]);
  const sof0 = Buffer.from([
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x03,
    0x01,
    0x22,
    0x00,
    0x02,
    0x11,
    0x01,
    0x03,
    0x11,
    0x01,
  ]);
  const eoi = Buffer.from([0xff, 0xd9]);
  const head = Buffer.concat([soi, app0, sof0]);
  const pad = Math.max(0, padTo - head.length - eoi.length);
  return Buffer.concat([head, Buffer.alloc(pad, 0x00), eoi]);
}

/** A one-page PDF's first bytes: enough for sniffing. */
export function makePdf(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
}

export interface Running {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1, port 0. */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Running> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A multipart body with `file` (and `detect_face` unless null), as the widget sends it. */
export function imageForm(
  bytes: Uint8Array,
  {
    name = 'front.jpg',
    type = 'image/jpeg',
    detectFace = '1',
  }: { name?: string; type?: string; detectFace?: string | null } = {},
): FormData {
  const form = new FormData();
  form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  if (detectFace !== null) form.set('detect_face', detectFace);
  return form;
}

export const MOCK_CREDENTIALS = { 'X-DF-API-ID': 'mock-id', 'X-DF-API-SECRET': 'mock-secret' } as const;

/** One card of a successful answer, as the tests read it. */
export interface ResultJson {
  card_type: string;
  card_side: string;
  card_info: Record<string, string>;
  /** Absent when no face was asked for, or on the back. */
  face_region: [number, number][];
}

/**
 * An answer's JSON body in the shape the tests expect: the API's envelope (`status`, and
 * `reason` and `request_id` on an error, `results` on success), plus whatever a test's own
 * upstream put there. A field the answer lacks is `undefined` when read, and the assertion on
 * it fails.
 */
export interface AnswerJson {
  status: string;
  reason: string;
  request_id: string;
  results: ResultJson[];
  [field: string]: unknown;
}

/** An answer with its body as text and, when read, as JSON (throws if the body is not JSON). */
export interface PostAnswer {
  status: number;
  headers: Headers;
  text: string;
  readonly json: AnswerJson;
}

/** `text` parsed as the answer JSON the tests expect; throws, naming the text, when it is not JSON. */
export function answerJson(text: string): AnswerJson {
  try {
    return JSON.parse(text) as AnswerJson;
  } catch {
    throw new Error(`the answer is not JSON: ${JSON.stringify(text.slice(0, 200))}`);
  }
}

/** A fetch answer's body, parsed as the JSON shape `T` the test expects. */
export async function readJson<T = AnswerJson>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** A log line of the proxy's, as server/proxy/core.ts writes it. */
export interface LogLine {
  at: string;
  msg: string;
  requestId: string;
  method: string;
  side: 'front' | 'back' | null;
  status: number;
  code: string | null;
  upstreamStatus: number | null;
  upstreamMs: number | null;
  durationMs: number;
  bytesIn: number;
  bytesOut: number;
  client: string | null;
  error: string | null;
}

/** A JSON log line of the proxy's (`log` option, or the standalone server's stdout), parsed. */
export function logLine(text: string): LogLine {
  return JSON.parse(text) as LogLine;
}

/** POSTs `body` and returns status, headers and the body as text and (when read) JSON. */
export async function post(
  url: string,
  body: BodyInit | null,
  headers: Record<string, string> = {},
): Promise<PostAnswer> {
  const res = await fetch(url, { method: 'POST', body, headers });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    get json() {
      return answerJson(text);
    },
  };
}

/** A child process's exit code (null when a signal ended it), once it exits. */
export async function exitCode(child: ChildProcess): Promise<number | null> {
  const [code] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return code;
}

export const REQUEST_ID = /^TID[0-9a-f]{32}$/;

/** The request body as a pull-based web stream (what a fetch-style server gives a handler). */
function webBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  const chunks = req.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer, undefined>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await chunks.next();
          if (done) controller.close();
          else controller.enqueue(new Uint8Array(value));
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Serves a fetch-style handler on a Node server, the way Deno, Bun or @hono/node-server
 * would: the body as a web stream, `request.signal` aborted when the client goes away, the
 * socket's address handed over per request.
 */
export function fetchAsNode(
  handler: (request: Request, context?: { clientAddress?: string | null }) => Promise<Response>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers,
      body: hasBody ? webBody(req) : null,
      duplex: 'half',
      signal: gone.signal,
    } as RequestInit);
    handler(request, { clientAddress: req.socket.remoteAddress ?? null }).then(
      async (response) => {
        if (gone.signal.aborted) return;
        const body = Buffer.from(await response.arrayBuffer());
        res.writeHead(response.status, [...response.headers].flat());
        res.end(body);
        // A body the handler did not read to its end: drop the rest.
        if (!req.complete) {
          req.removeAllListeners('readable');
          req.resume();
        }
      },
      () => res.destroy(),
    );
  };
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body as JSON, when read; throws if it is not JSON. */
  readonly json: AnswerJson;
}

/**
 * A request over `node:http`, for what `fetch` will not do: a chunked or trickled body,
 * forbidden headers, reading the answer before the body is sent. `body` chunks are written
 * in order, each after `gapMs`.
 */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    chunks?: Uint8Array[];
    gapMs?: number;
    end?: boolean;
  } = {},
): Promise<RawAnswer> {
  const { method = 'POST', headers = {}, chunks = [], gapMs = 0, end = true } = options;
  return new Promise((resolve, reject) => {
    // Keep-alive, as browsers: `agent: false` would ask the server to close after answering,
    // which it then does even while this client is still sending.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const req = request(url, { method, headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        if (!end) req.destroy();
        agent.destroy();
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          body,
          get json() {
            return answerJson(body);
          },
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    let i = 0;
    const next = () => {
      if (req.destroyed) return;
      if (i >= chunks.length) {
        if (end) req.end();
        return;
      }
      const more = req.write(chunks[i++]);
      const go = () => (gapMs > 0 ? setTimeout(next, gapMs) : setImmediate(next));
      if (more) go();
      else req.once('drain', go);
    };
    next();
  });
}

/** The multipart body and its content type, as bytes (for `rawRequest`). */
export async function multipartBytes(form: FormData): Promise<{ body: Buffer; type: string }> {
  const response = new Response(form);
  return { body: Buffer.from(await response.arrayBuffer()), type: response.headers.get('content-type')! };
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
