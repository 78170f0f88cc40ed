/**
 * Astro integration for `astro dev` only (it does nothing in a build):
 * - tells the content layer it runs under the dev server (DEV_ENV), so one
 *   paper whose frontmatter breaks the schema shows its problem on its own
 *   page instead of stopping the server (src/lib/dev/frontmatter-problems.ts);
 * - takes the marks of the paper pages' controls (status, tags, rating) at
 *   MARKS_ENDPOINT and writes them into the paper file (src/lib/dev/marks.ts).
 */
import type { AstroIntegration } from 'astro';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { frontmatterProblems } from '../lib/dev/frontmatter-problems.ts';
import { takeFlaggedFiles } from '../lib/dev/tolerant-loader.ts';
import { onNotesSaved } from '../lib/dev/saved-notes.ts';
import { contentPaths, displayPath, projectPath, resolveContentRoot } from '../lib/project/content-root.ts';
import { DEV_ENV } from '../lib/dev/mode.ts';
import {
  MARKS_ENDPOINT,
  MAX_MARK_BYTES,
  type MarkResponse,
  applyMark,
  parseMark,
  requestRefusal,
  resolvePaperFile,
} from '../lib/dev/marks.ts';

function send(res: ServerResponse, response: MarkResponse): void {
  res.statusCode = response.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(response.body));
}

/** The request body as text, or undefined past MAX_MARK_BYTES. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_MARK_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_MARK_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

type DevServer = Parameters<NonNullable<AstroIntegration['hooks']['astro:server:setup']>>[0]['server'];

/**
 * After a save that changed only notes: the file's compiled modules are dropped in every server environment
 * (Vite's graph and, where modules run in this process, its runner), and every open page reloads.
 */
function reloadAfterNotes(server: DevServer, file: string): void {
  const timestamp = Date.now();
  for (const environment of Object.values(server.environments)) {
    if (environment.name === 'client') continue;
    const runner = (environment as { runner?: { evaluatedModules: EvaluatedModules } }).runner;
    for (const module of environment.moduleGraph.getModulesByFile(file) ?? []) {
      environment.moduleGraph.invalidateModule(module, undefined, timestamp, true);
      const evaluated = module.id ? runner?.evaluatedModules.getModuleById(module.id) : undefined;
      if (evaluated) runner?.evaluatedModules.invalidateModule(evaluated);
    }
  }
  server.environments.client.hot.send({ type: 'full-reload', path: '*' });
}

interface EvaluatedModules {
  getModuleById(id: string): unknown;
  invalidateModule(module: unknown): void;
}

export default function devWorkbench(): AstroIntegration {
  let report: ((file: string) => void) | undefined;
  return {
    name: 'reading-list:dev-workbench',
    hooks: {
      'astro:server:start': () => {
        for (const file of takeFlaggedFiles()) if (fs.existsSync(file)) report?.(file);
      },
      'astro:config:setup': ({ command }) => {
        if (command === 'dev') process.env[DEV_ENV] = '1';
        else delete process.env[DEV_ENV];
      },
      'astro:server:setup': ({ server, logger }) => {
        const papersDir = contentPaths(resolveContentRoot()).papers;
        // The terminal names each paper whose frontmatter the schema rejects (its page shows the same), at start
        // and whenever one is saved: the dev server reads such a paper without its invalid keys. At start, the
        // files the content layer flagged as it read them (src/lib/dev/tolerant-loader.ts), once it has read the
        // list (astro:server:start), rather than a second parse of every file before the server can answer.
        const reportFile = (file: string) => {
          const problems = frontmatterProblems(fs.readFileSync(file), displayPath(file));
          for (const problem of problems)
            logger.warn(`${problem.where}: ${problem.message} — to fix: ${problem.fix} (the build stops here)`);
        };
        report = reportFile;
        const recheck = (file: string) => {
          const relative = path.relative(papersDir, path.resolve(file));
          if (!file.endsWith('.mdx') || relative.startsWith('..') || path.isAbsolute(relative) || !fs.existsSync(file))
            return;
          reportFile(path.resolve(file));
        };
        server.watcher.on('add', recheck);
        server.watcher.on('change', recheck);
        // A save that changed only a paper's notes skips the content layer's data store (src/lib/dev/saved-notes.ts):
        // its MDX module is compiled again and the open pages reload now, without waiting for the store.
        onNotesSaved((filePath) => reloadAfterNotes(server, projectPath(filePath)));
        server.middlewares.use(async (req, res, next) => {
          if (!req.url || new URL(req.url, 'http://dev').pathname !== MARKS_ENDPOINT) return next();
          const allowedHosts = server.config.server.allowedHosts ?? [];
          const refusal = requestRefusal(req.method, req.headers, allowedHosts);
          if (refusal) return send(res, refusal);
          try {
            const text = await readBody(req);
            if (text === undefined)
              return send(res, { status: 413, body: { ok: false, error: 'the body is too large' } });
            const parsed = parseMark(text);
            if (!parsed.ok) return send(res, parsed.response);
            const target = resolvePaperFile(papersDir, parsed.mark.file);
            if (!target.ok) return send(res, target.response);
            const response = applyMark(target.path, parsed.mark, displayPath(target.path));
            if (response.body.ok)
              logger.info(`marked ${displayPath(target.path)}: ${response.body.written.join(', ')}`);
            else logger.warn(response.body.error);
            send(res, response);
          } catch (error) {
            logger.error(`marks: ${error instanceof Error ? error.message : String(error)}`);
            send(res, {
              status: 500,
              body: { ok: false, error: `nothing written: ${error instanceof Error ? error.message : String(error)}` },
            });
          }
        });
      },
    },
  };
}
