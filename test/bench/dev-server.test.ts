// The dev-server measure's failure path: a server that never serves the paper page turns into an error
// naming the time limit and the log, and the server's whole process tree is gone afterwards.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { linkNodeModules } from '../../scripts/bench/baseline.ts';
import { measureDevServer } from '../../scripts/bench/dev-server.ts';

/** Command lines of live processes that mention `text`. */
function processesMentioning(text: string): string[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        return '';
      }
    })
    .filter((cmd) => cmd.includes(text));
}

let dir: string;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('reports a start that runs out of time as an error and kills the dev server', async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bench-dev-timeout-'));
  // An Astro project with no pages: the server starts, and the paper page stays a 404.
  const root = path.join(dir, 'empty-root');
  await mkdir(path.join(root, 'src', 'pages'), { recursive: true });
  await writeFile(path.join(root, 'package.json'), '{ "name": "empty", "type": "module" }\n');
  await linkNodeModules(root);
  const content = path.join(dir, 'content');
  await mkdir(path.join(content, 'papers', 'theme'), { recursive: true });
  await writeFile(path.join(content, 'papers', 'theme', 'a-paper.mdx'), '---\ntitle: A Plain Title\n---\n');
  const logFile = path.join(dir, 'dev.log');
  await expect(
    measureDevServer({
      site: { root, content, out: path.join(dir, 'dist'), cache: path.join(dir, 'cache') },
      startTimeoutMs: 20_000,
      logFile,
    }),
  ).rejects.toThrow(/did not answer within the time allowed \(last: \/papers\/a-paper\.html: .+\).*dev\.log/);
  expect(processesMentioning(root)).toEqual([]);
}, 120_000);
