// The reading workflow on the project's default list: the seed dumps ingested into a temporary
// content root, a few statuses, tags and linking notes written by hand, then one build with a
// site URL. Every feed validates as RSS 2.0, papers.json against its schema, every .bib parses.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { PROJECT_CONTENT, PROJECT_ROOT, buildSite, makeContentRoot, removeTemp } from '../helpers/site.ts';

const SITE_URL = 'https://example.org/reading-list/';
const SCHEMA = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'docs/papers-json.schema.json'), 'utf8'));
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['item', 'url'].includes(name),
});

interface ExportedPaper {
  id: string;
  date: string;
  themes: string[];
  primaryTheme: string;
  status: string;
  tags: string[];
  links: string[];
  backlinks: string[];
  bibtexKey: string;
}

let dist: string;
let papers: ExportedPaper[];
/** Three papers of the list the test writes notes, statuses and tags into. */
let chosen: [string, string, string];

/** Adds reader keys right after the opening fence and a note at the end, as a reader would. */
function edit(file: string, keys: string, note: string): void {
  const text = fs.readFileSync(file, 'utf8');
  expect(text.startsWith('---\n')).toBe(true);
  fs.writeFileSync(file, `---\n${keys}${text.slice(4).replace(/\n*$/, '\n')}\n${note}\n`);
}

beforeAll(async () => {
  const root = await makeContentRoot({ from: PROJECT_CONTENT, skipSources: false });
  const node = path.join(PROJECT_ROOT, 'node_modules/.bin/node');
  const ingest = spawnSync(fs.existsSync(node) ? node : process.execPath, ['scripts/ingest.ts', '--content', root], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  expect(ingest.status, ingest.stderr).toBe(0);

  const files = fs
    .readdirSync(path.join(root, 'papers'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.mdx'))
    .sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
  expect(files.length).toBeGreaterThanOrEqual(264);
  const [a, b, c] = files.slice(0, 3).map((file) => path.join(root, 'papers', file));
  chosen = [a!, b!, c!].map((file) => path.basename(file, '.mdx')) as [string, string, string];
  edit(
    a!,
    'status: read\ntags: [must-cite]\n',
    `Compare with <PaperLink id="${chosen[1]}" /> and <PaperLink id="${chosen[2]}">the third</PaperLink>.`,
  );
  edit(b!, 'status: reading\ntags: [must-cite, Survey]\n', 'Still reading.');
  edit(c!, 'tags: [survey]\n', `Cited by the first: see <PaperLink id="${chosen[0]}" />.`);

  ({ dist } = await buildSite({ contentRoot: root, env: { READING_LIST_SITE: SITE_URL } }));
  papers = JSON.parse(fs.readFileSync(path.join(dist, 'papers.json'), 'utf8')).papers;
});

afterAll(removeTemp);

describe('exports of the default list', () => {
  it('papers.json validates against the documented schema and holds every paper page', () => {
    const validate = new Ajv2020({ allErrors: true, strict: true, strictTypes: false }).compile(SCHEMA);
    const doc = JSON.parse(fs.readFileSync(path.join(dist, 'papers.json'), 'utf8'));
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const pages = fs.readdirSync(path.join(dist, 'papers')).filter((file) => file.endsWith('.html'));
    expect(doc.count).toBe(pages.length);
    expect(new Set(papers.map((p) => `${p.id}.html`))).toEqual(new Set(pages));
  });

  it('carries the statuses, tags, links and backlinks written by hand', () => {
    const [a, b, c] = chosen.map((id) => papers.find((p) => p.id === id)!);
    expect(a).toMatchObject({
      status: 'read',
      tags: ['must-cite'],
      links: [chosen[1], chosen[2]],
      backlinks: [chosen[2]],
    });
    expect(b).toMatchObject({ status: 'reading', tags: ['must-cite', 'Survey'], backlinks: [chosen[0]] });
    expect(c).toMatchObject({ status: 'to-read', links: [chosen[0]], backlinks: [chosen[0]] });
  });

  it('the RSS feed of the list is valid RSS 2.0 with every paper, newest first', () => {
    const text = fs.readFileSync(path.join(dist, 'feed.xml'), 'utf8');
    expect(XMLValidator.validate(text)).toBe(true);
    const { rss } = xml.parse(text);
    expect(rss['@version']).toBe('2.0');
    const items = rss.channel.item as { link: string; pubDate: string }[];
    expect(items).toHaveLength(papers.length);
    const dates = items.map((item) => Date.parse(item.pubDate));
    expect(dates.every((d) => !Number.isNaN(d))).toBe(true);
    expect(dates).toEqual([...dates].sort((x, y) => y - x));
    for (const item of items)
      expect(fs.existsSync(path.join(dist, item.link.slice(SITE_URL.length))), item.link).toBe(true);
  });

  it('writes a valid feed and a parseable .bib for every theme, each with its papers', () => {
    const themes = fs.readdirSync(path.join(dist, 'themes')).map((file) => path.basename(file, '.html'));
    expect(fs.readdirSync(path.join(dist, 'feeds')).sort()).toEqual(themes.map((t) => `${t}.xml`).sort());
    const keys = new Map(papers.map((p) => [p.bibtexKey, p]));
    for (const theme of themes) {
      const members = papers.filter((p) => p.themes.includes(theme));
      const text = fs.readFileSync(path.join(dist, 'feeds', `${theme}.xml`), 'utf8');
      expect(XMLValidator.validate(text), theme).toBe(true);
      expect(xml.parse(text).rss.channel.item ?? [], theme).toHaveLength(members.length);
      const library = parseBibtex(fs.readFileSync(path.join(dist, 'bibtex', `${theme}.bib`), 'utf8'));
      expect(library.errors, theme).toEqual([]);
      expect(library.entries.map((e) => keys.get(e.key)?.id).sort(), theme).toEqual(members.map((p) => p.id).sort());
    }
  });

  it('the .bib of the list parses without errors, one entry per paper, with unique keys', () => {
    const library = parseBibtex(fs.readFileSync(path.join(dist, 'papers.bib'), 'utf8'));
    expect(library.errors).toEqual([]);
    expect(library.entries).toHaveLength(papers.length);
    expect(new Set(library.entries.map((e) => e.key)).size).toBe(papers.length);
    for (const entry of library.entries) expect(entry.fields.title, entry.key).toBeTruthy();
  });

  it('the sitemap is valid and names every page', () => {
    const text = fs.readFileSync(path.join(dist, 'sitemap-0.xml'), 'utf8');
    expect(XMLValidator.validate(text)).toBe(true);
    const locs: string[] = xml.parse(text).urlset.url.map((u: { loc: string }) => u.loc);
    for (const loc of locs) expect(fs.existsSync(path.join(dist, loc.slice(SITE_URL.length))), loc).toBe(true);
    expect(locs.filter((loc) => loc.includes('/papers/'))).toHaveLength(papers.length);
  });
});

describe('pages of the default list', () => {
  it('status pages split the whole list, tag pages group spellings', () => {
    const count = (file: string) =>
      (fs.readFileSync(path.join(dist, file), 'utf8').match(/<li data-date=/g) ?? []).length;
    expect(count('status/read.html')).toBe(1);
    expect(count('status/reading.html')).toBe(1);
    expect(count('status/to-read.html')).toBe(papers.length - 2);
    expect(fs.readdirSync(path.join(dist, 'tags')).sort()).toEqual(['must-cite.html', 'survey.html']);
    expect(count('tags/survey.html')).toBe(2);
  });

  it('the home chart counts every paper once, one small chart per theme and no grey "other themes"', () => {
    const home = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    const counts = [...home.matchAll(/class="multiples-bar"[^>]*data-count="(\d+)"/g)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(papers.length);
    expect((home.match(/class="multiples-chart"/g) ?? []).length).toBeGreaterThan(10);
    expect(home).not.toContain('other themes (');
  });

  it('the backlinks show on the linked papers', () => {
    const page = fs.readFileSync(path.join(dist, 'papers', `${chosen[1]}.html`), 'utf8');
    expect(page).toContain(`data-backlink="${chosen[0]}"`);
  });
});
