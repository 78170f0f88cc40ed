/**
 * A stand-in for Hugging Face's papers API on 127.0.0.1, replaying the real
 * answers saved in test/fixtures/hf-api/answers/: `api/papers/search?q=` answers the
 * papers whose title holds the query (else a few that share words with it, as
 * a real search does), `api/papers/<id>` one paper. Faults can be queued per
 * query: a timeout (no answer), a 429 with Retry-After, a 500, a malformed
 * answer. Every request is recorded.
 *
 *   const replay = await startReplay({ faults: { 'some title': ['429', '500'] } });
 *   … --endpoint replay.url …
 *   replay.requests  // ['/api/papers/search?q=…', …]
 *   await replay.close();
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { HF_API_DIR, HF_API_FILES } from '../fixtures/hf-api/expected.ts';

export type Fault = 'timeout' | '429' | '500' | 'malformed';

export interface ReplayOptions {
  /** Faults to answer with, in order, for a query (its text, any case and spacing), before answering normally. */
  faults?: Record<string, Fault[]>;
  /** Pause before each answer, in ms (to kill a client mid-run). Default: 0. */
  delayMs?: number;
  /** Called on every request, before it is answered. */
  onRequest?: (url: string, count: number) => void;
}

export interface ReplayServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  requests: string[];
  close(): Promise<void>;
}

type Element = { paper: { id: string; title: string } & Record<string, unknown> } & Record<string, unknown>;

const norm = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** Every element of the five saved answers. */
export function replayElements(): Element[] {
  return HF_API_FILES.flatMap((name) => JSON.parse(fs.readFileSync(path.join(HF_API_DIR, name), 'utf8')) as Element[]);
}

export async function startReplay(options: ReplayOptions = {}): Promise<ReplayServer> {
  const elements = replayElements();
  const faults = new Map(Object.entries(options.faults ?? {}).map(([q, list]) => [norm(q), [...list]]));
  const requests: string[] = [];
  const held = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    options.onRequest?.(`${url.pathname}${url.search}`, requests.length);
    const answer = () => {
      const send = (status: number, body: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body);
      };
      const search = url.pathname === '/api/papers/search';
      const q = norm(url.searchParams.get('q') ?? '');
      const fault = search ? faults.get(q)?.shift() : undefined;
      if (fault === 'timeout') {
        held.add(res);
        return;
      }
      if (fault === '429') return send(429, '{"error":"rate limited"}', { 'retry-after': '0' });
      if (fault === '500') return send(500, '{"error":"internal"}');
      if (fault === 'malformed') return send(200, '[{"paper": {"id": "2501.0');
      if (search) {
        let found = elements.filter((e) => norm(e.paper.title).includes(q));
        if (found.length === 0) {
          const words = new Set(q.split(/\W+/).filter((w) => w.length > 3));
          found = elements
            .filter(
              (e) =>
                norm(e.paper.title)
                  .split(/\W+/)
                  .filter((w) => words.has(w)).length >= 2,
            )
            .slice(0, 5);
        }
        return send(200, JSON.stringify(found));
      }
      const byId = /^\/api\/papers\/([^/]+)$/.exec(url.pathname);
      if (byId) {
        const found = elements.find((e) => e.paper.id === decodeURIComponent(byId[1]!));
        return found ? send(200, JSON.stringify(found.paper)) : send(404, '{"error":"Paper not found"}');
      }
      send(404, '{"error":"not found"}');
    };
    if (options.delayMs) setTimeout(answer, options.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
