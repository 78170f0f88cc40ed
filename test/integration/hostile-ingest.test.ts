// Hostile dumps through ingest and the build: every crafted entry becomes one paper whose frontmatter holds its
// text as data (nothing injected into the frontmatter or the MDX body), the only problems reported are the
// control characters, at their file and line; the site builds, html-validate and linkinator find nothing, and
// the exports (JSON, BibTeX, RSS, sitemap, the file:// search index) still parse with every title intact.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { XMLValidator } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaperSchema } from '../../src/schemas/paper.ts';
import { ALL_CASES, HOSTILE_DUMPS, HOSTILE_SOURCES, renderDump } from '../fixtures/hostile/cases.ts';
import { shown, titleParts } from '../fixtures/hostile/expect.ts';
import { checkLinks, validateHtml } from '../helpers/checkers.ts';
import {
  PROJECT_CONTENT,
  PROJECT_ROOT,
  buildSite,
  makeContentRoot,
  readPagefindFragments,
  removeTemp,
  serve,
} from '../helpers/site.ts';

const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;
const PINNED_NODE = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node');
const NODE = existsSync(PINNED_NODE) ? PINNED_NODE : process.execPath;

interface Report {
  problems: Array<{ file: string; line?: number; code: string; message: string }>;
  summary: string;
}

let root: string;
let report: Report;
let strictStatus: number | null;
/** Frontmatter and body of each paper file, by id. */
const papers = new Map<string, { data: Record<string, unknown>; body: string; file: string }>();
let dist: string;

function ingest(...args: string[]) {
  return spawnSync(NODE, [path.join(PROJECT_ROOT, 'scripts', 'ingest.ts'), '--content', root, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
}

beforeAll(async () => {
  const files: Record<string, string> = {
    'themes.yaml': await fs.readFile(path.join(PROJECT_CONTENT, 'themes.yaml'), 'utf8'),
  };
  for (const name of await fs.readdir(HOSTILE_SOURCES))
    files[`sources/${name}`] = await fs.readFile(path.join(HOSTILE_SOURCES, name), 'utf8');
  root = await makeContentRoot({ files });
  strictStatus = ingest('--dry-run', '--strict').status;
  const run = ingest('--json');
  expect(run.status, run.stderr).toBe(0);
  report = JSON.parse(run.stdout) as Report;
  const folder = path.join(root, 'papers');
  for (const theme of await fs.readdir(folder)) {
    for (const name of await fs.readdir(path.join(folder, theme))) {
      const text = await fs.readFile(path.join(folder, theme, name), 'utf8');
      const end = text.indexOf('\n---\n', 4);
      papers.set(name.replace(/\.mdx$/, ''), {
        data: parseYaml(text.slice(4, end)),
        body: text.slice(end + 5),
        file: `${theme}/${name}`,
      });
    }
  }
  ({ dist } = await buildSite({ contentRoot: root, env: { READING_LIST_SITE: 'https://example.org/reading-list/' } }));
});

afterAll(removeTemp);

describe('the hostile dumps', () => {
  it('are exactly what cases.ts renders (run `node test/fixtures/hostile/cases.ts` after editing it)', async () => {
    for (const dump of HOSTILE_DUMPS) {
      expect(await fs.readFile(path.join(HOSTILE_SOURCES, dump.file), 'utf8'), dump.file).toBe(renderDump(dump));
    }
    expect((await fs.readdir(HOSTILE_SOURCES)).sort()).toEqual(HOSTILE_DUMPS.map((d) => d.file).sort());
  });
});

describe('ingest of hostile dumps', () => {
  it('reports only the control characters, each at its file and line, and fails under --strict', () => {
    const expected: string[] = [];
    for (const dump of HOSTILE_DUMPS) {
      const lines = renderDump(dump).split('\n');
      for (const c of dump.cases) {
        const line = lines.indexOf(c.title) + 1;
        if (CONTROLS.test(c.title)) expected.push(`${dump.file}:${line} control-characters`);
        if (CONTROLS.test(c.abstract)) expected.push(`${dump.file}:${line + 2} control-characters`);
      }
    }
    const seen = report.problems.map((p) => `${path.basename(p.file)}:${p.line} ${p.code}`);
    expect(seen.sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThanOrEqual(4);
    expect(strictStatus).toBe(1);
  });

  it('makes one paper of each entry, its text kept as data: title and abstract as written, nothing injected', () => {
    expect(papers.size).toBe(ALL_CASES.length);
    for (const c of ALL_CASES) {
      const match = [...papers.values()].filter((p) => shown(String(p.data.title)) === shown(c.title));
      expect(match, c.name).toHaveLength(1);
      const { data, body, file } = match[0]!;
      expect(shown(String(data.abstract)), c.name).toBe(shown(c.abstract));
      // Only ingest's keys: no status, tags or other key smuggled in through the text.
      expect(
        Object.keys(data).filter(
          (k) =>
            ![
              'id',
              'title',
              'abstract',
              'date',
              'added',
              'authors',
              'organization',
              'upvotes',
              'sources',
              'themes',
            ].includes(k),
        ),
        c.name,
      ).toEqual([]);
      // The MDX body is the reader's, and empty: nothing from a dump is ever evaluated as MDX.
      expect(body, c.name).toBe('');
      expect(
        PaperSchema.safeParse(data).success,
        `${file}: ${JSON.stringify(PaperSchema.safeParse(data).error?.issues)}`,
      ).toBe(true);
      expect(path.basename(file).length, file).toBeLessThanOrEqual(100);
    }
  });

  it('writes nothing on a second run', () => {
    const again = ingest();
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/0 new, 0 updated, \d+ unchanged/);
  });
});

describe('the site built from hostile dumps', () => {
  it('passes html-validate on every page', async () => {
    const html = await validateHtml(dist);
    console.log(`html-validate (hostile): ${html.pages} pages, ${html.errors.length} errors`);
    expect(html.errors).toEqual([]);
    expect(html.pages).toBeGreaterThan(ALL_CASES.length);
  });

  it('has no broken internal link, asset or fragment', async () => {
    const server = await serve(dist);
    try {
      const links = await checkLinks(server.url);
      console.log(
        `linkinator (hostile): ${links.checked} internal URLs on ${links.pages.length} pages, ${links.broken.length} broken`,
      );
      expect(links.broken).toEqual([]);
      expect(links.pages.length).toBeGreaterThan(ALL_CASES.length);
    } finally {
      await server.close();
    }
  });

  it('exports JSON, BibTeX, RSS and a sitemap that parse, with every title', async () => {
    const json = JSON.parse(await fs.readFile(path.join(dist, 'papers.json'), 'utf8')) as {
      papers: Array<{ title: string }>;
    };
    expect(json.papers.map((p) => shown(p.title)).sort()).toEqual(ALL_CASES.map((c) => shown(c.title)).sort());

    const bib = parseBibtex(await fs.readFile(path.join(dist, 'papers.bib'), 'utf8'));
    expect(bib.errors).toEqual([]);
    expect(bib.entries).toHaveLength(ALL_CASES.length);

    const xmlFiles = (await fs.readdir(dist, { recursive: true })).filter((f) => f.endsWith('.xml'));
    expect(xmlFiles.length).toBeGreaterThanOrEqual(2);
    for (const file of xmlFiles)
      expect(XMLValidator.validate(await fs.readFile(path.join(dist, file), 'utf8')), file).toBe(true);
  });

  it('indexes every title for search (the one bundle both http and file:// use)', async () => {
    const titles = (await readPagefindFragments(dist)).map((f) => shown(f.meta.title ?? ''));
    expect(titles).toHaveLength(ALL_CASES.length);
    for (const c of ALL_CASES)
      expect(
        titles.some((t) => titleParts(c).every((part) => t.includes(part))),
        c.name,
      ).toBe(true);
  });
});
