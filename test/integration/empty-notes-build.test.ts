// A build compiles the MDX of papers with notes only: a paper without notes (an empty or blank body, as ingest
// leaves it) gets no module, and its page still says there are no notes yet, while notes with math, a Callout and
// a PaperLink still render. The store wrapper on its own: what it hands the content layer.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { DataStore } from 'astro/loaders';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEmptyNotes, storeWithoutEmptyNoteModules } from '../../src/lib/render/empty-notes.ts';
import { makeContentRoot, makeTemp, PROJECT_ROOT, projectCopy, removeTemp } from '../helpers/site.ts';

const FIXTURE = path.join(PROJECT_ROOT, 'test/fixtures/site/content');

afterAll(removeTemp);

describe('the store without modules for empty notes', () => {
  function recording(): { store: DataStore; set: Array<{ id: string; deferredRender?: boolean }> } {
    const set: Array<{ id: string; deferredRender?: boolean }> = [];
    const store = {
      set: (entry: { id: string; deferredRender?: boolean }) => {
        set.push({ id: entry.id, deferredRender: entry.deferredRender });
        return true;
      },
      get: () => undefined,
    } as unknown as DataStore;
    return { store, set };
  }

  it('drops the module of an empty or blank body and keeps every other entry as it is', () => {
    const { store, set } = recording();
    const wrapped = storeWithoutEmptyNoteModules(store);
    wrapped.set({ id: 'none', data: {}, deferredRender: true });
    wrapped.set({ id: 'empty', data: {}, body: '', deferredRender: true });
    wrapped.set({ id: 'blank', data: {}, body: '\n  \n\t\n', deferredRender: true });
    wrapped.set({ id: 'notes', data: {}, body: '\nA note.\n', deferredRender: true });
    wrapped.set({ id: 'comment', data: {}, body: '{/* only a comment */}', deferredRender: true });
    wrapped.set({ id: 'data', data: {}, body: '' });
    expect(set).toEqual([
      { id: 'none', deferredRender: false },
      { id: 'empty', deferredRender: false },
      { id: 'blank', deferredRender: false },
      { id: 'notes', deferredRender: true },
      { id: 'comment', deferredRender: true },
      { id: 'data', deferredRender: undefined },
    ]);
    // The other methods are the store's own.
    expect(wrapped.get).toBe(store.get);
  });

  it('reads white space as no notes', () => {
    expect(isEmptyNotes(undefined)).toBe(true);
    expect(isEmptyNotes(' \n\r\n\t')).toBe(true);
    expect(isEmptyNotes('x')).toBe(false);
  });
});

describe('a build of papers with and without notes', () => {
  let project: string;
  let dist: string;
  let output = '';

  beforeAll(async () => {
    const blank = fs
      .readFileSync(path.join(FIXTURE, 'papers/kv-cache/eviction-by-heavy-hitters.mdx'), 'utf8')
      .replace(/\n*$/, '\n\n   \n\t\n');
    const contentRoot = await makeContentRoot({
      from: FIXTURE,
      files: { 'papers/kv-cache/eviction-by-heavy-hitters.mdx': blank },
    });
    project = await projectCopy();
    const temp = await makeTemp('reading-list-empty-notes-');
    dist = path.join(temp, 'dist');
    const status = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(project, 'node_modules/astro/bin/astro.mjs'), 'build'], {
        cwd: project,
        env: {
          ...process.env,
          READING_LIST_CONTENT: contentRoot,
          READING_LIST_OUT: dist,
          READING_LIST_CACHE: path.join(temp, 'cache'),
          ASTRO_TELEMETRY_DISABLED: '1',
          NO_COLOR: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', resolve);
    });
    expect(status, output).toBe(0);
  }, 300_000);

  it('lists a module for the papers with notes only', () => {
    const modules = fs.readFileSync(path.join(project, '.astro/content-modules.mjs'), 'utf8');
    expect(modules).toContain('quantized-kv-cache-at-scale.mdx');
    expect(modules).toContain('streaming-attention-sinks.mdx');
    for (const empty of ['eviction-by-heavy-hitters', 'rho-eos', 'hostile-title', 'draft-and-verify'])
      expect(modules).not.toContain(`${empty}.mdx`);
  });

  it('renders the notes there are, and says so where there are none', () => {
    const page = (id: string) => fs.readFileSync(path.join(dist, 'papers', `${id}.html`), 'utf8');
    const quantized = page('quantized-kv-cache-at-scale');
    expect(quantized).toContain('Memory, not compute, bounds long-context decoding.');
    expect(quantized).toMatch(/<section class="notes"[^>]*>[\s\S]*class="katex[\s\S]*<\/section>/);
    expect(quantized).toContain('href="streaming-attention-sinks.html"');
    expect(page('streaming-attention-sinks')).toContain('The sink is the first four tokens.');
    for (const id of ['eviction-by-heavy-hitters', 'rho-eos', 'draft-and-verify']) {
      expect(page(id)).toContain('No notes yet: write them in');
      expect(page(id)).toMatch(/<section class="notes"[^>]*data-print="hide"/);
    }
  });
});
