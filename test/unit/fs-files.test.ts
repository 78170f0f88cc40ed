// The one file-system module: the walk (links, loops, hidden files) and the atomic write.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isProblemError } from '../../src/lib/project/errors.ts';
import { readTextIfExists, walkFiles, writeFileAtomic } from '../../src/lib/fs/files.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-files-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function put(rel: string, text = rel): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}

describe('walkFiles', () => {
  it('lists every file depth first in name order, with "/" paths', () => {
    put('b/z.mdx');
    put('a-x/c.mdx');
    put('a/b.mdx');
    put('top.txt');
    expect(walkFiles(dir).map((f) => f.relPath)).toEqual(['a/b.mdx', 'a-x/c.mdx', 'b/z.mdx', 'top.txt']);
    expect(walkFiles(dir, { recursive: false }).map((f) => f.relPath)).toEqual(['top.txt']);
    expect(walkFiles(path.join(dir, 'missing'))).toEqual([]);
  });

  it('follows links to folders and files once, and reports loops and broken links', () => {
    put('real/a.mdx');
    put('outside/b.mdx');
    fs.symlinkSync(path.join(dir, 'outside'), path.join(dir, 'real', 'linked'), 'dir');
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'real', 'loop'), 'dir');
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'real', 'broken.mdx'));
    const bad: string[] = [];
    const files = walkFiles(path.join(dir, 'real'), {
      onBadLink: (rel, kind, code) => bad.push(`${rel} ${kind} ${code ?? ''}`),
    });
    expect(files.map((f) => [f.relPath, f.link])).toEqual([
      ['a.mdx', false],
      ['linked/b.mdx', true],
    ]);
    expect(bad).toEqual(['broken.mdx broken ENOENT', 'loop loop ']);
    expect(walkFiles(path.join(dir, 'real'), { links: 'skip' }).map((f) => f.relPath)).toEqual(['a.mdx']);
  });

  it('leaves out hidden files and folders when asked, and files the filter refuses', () => {
    put('.hidden/a.mdx');
    put('.gitkeep');
    put('b.mdx');
    put('c.txt');
    expect(walkFiles(dir, { skipHidden: true }).map((f) => f.relPath)).toEqual(['b.mdx', 'c.txt']);
    expect(walkFiles(dir, { include: (n) => n.endsWith('.mdx') }).map((f) => f.relPath)).toEqual([
      '.hidden/a.mdx',
      'b.mdx',
    ]);
  });
});

describe('writeFileAtomic', () => {
  it('writes the whole file, making its folder, and leaves no temp file', () => {
    const target = path.join(dir, 'new', 'folder', 'x.txt');
    writeFileAtomic(target, 'one');
    writeFileAtomic(target, new TextEncoder().encode('two'));
    expect(readTextIfExists(target)).toBe('two');
    expect(fs.readdirSync(path.dirname(target))).toEqual(['x.txt']);
  });

  it('sets the exact mode asked for', () => {
    const target = path.join(dir, 'private.txt');
    writeFileAtomic(target, 'secret', { mode: 0o600 });
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
  });

  it('turns a refused write into a problem naming the path, and removes its temp file', () => {
    put('file');
    const target = path.join(dir, 'file', 'sub', 'x.txt');
    let caught: unknown;
    try {
      writeFileAtomic(target, 'x', { action: 'nothing written; fix it' });
    } catch (error) {
      caught = error;
    }
    expect(isProblemError(caught)).toBe(true);
    if (!isProblemError(caught)) return;
    expect(caught.problem).toMatchObject({ file: target, code: 'storage-refused', action: 'nothing written; fix it' });
    expect(caught.problem.message).toContain('ENOTDIR');
    expect(fs.readdirSync(dir)).toEqual(['file']);
  });
});
