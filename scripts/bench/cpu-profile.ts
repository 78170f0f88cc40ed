/**
 * Where the time goes in a build run with `node --cpu-prof`: reads the
 * .cpuprofile files V8 wrote and adds up time per package (node_modules/<pkg>),
 * per project file (src/…), and per function. "Self" time is spent in the code
 * itself; "total" time includes what it called (each sample counts once per
 * group on its stack), which is what tells a slow page from a slow library.
 */
import { readFile } from 'node:fs/promises';
import { walkFiles } from '../../src/lib/fs/files.ts';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface TimeShare {
  name: string;
  selfMs: number;
  totalMs: number;
}

export interface ProfileSummary {
  files: number;
  sampledMs: number;
  /** By package or project file, heaviest self time first. */
  groups: TimeShare[];
  /** By function (name and place), heaviest self first. */
  functions: TimeShare[];
}

/** The group a frame belongs to: a package, a project file, compiled content, node itself or V8. */
export function groupOf(frame: CallFrame, projectRoot: string): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return '(garbage collection)';
    if (functionName === '(idle)') return '(idle: waiting for I/O or child processes)';
    if (functionName === '(program)') return '(V8 and native code)';
    return '(native)';
  }
  if (url.startsWith('node:')) return 'node (built-in modules)';
  const file = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 14).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? file);
  }
  if (/\.mdx(\?|$)/.test(file)) return '(compiled MDX content)';
  const rel = path.relative(projectRoot, file);
  if (!rel.startsWith('..')) {
    // Build output chunks (dist/.prerender, chunks/...) are the compiled pages and components.
    if (/(^|\/)(\.prerender|chunks|pages|server)\//.test(rel) && !rel.startsWith('src/'))
      return '(compiled pages and components)';
    return rel;
  }
  return file.includes('/.prerender/') || file.includes('/chunks/') ? '(compiled pages and components)' : file;
}

export async function summarizeProfiles(dir: string, projectRoot: string, top = 25): Promise<ProfileSummary> {
  const names = walkFiles(dir, { recursive: false, include: (n) => n.endsWith('.cpuprofile') }).map((f) => f.name);
  const groups = new Map<string, { self: number; total: number }>();
  const functions = new Map<string, { self: number; total: number }>();
  let sampledMs = 0;
  for (const name of names) {
    const profile = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as CpuProfile;
    const byId = new Map<number, ProfileNode>();
    const parent = new Map<number, number>();
    for (const node of profile.nodes) {
      byId.set(node.id, node);
      for (const child of node.children ?? []) parent.set(child, node.id);
    }
    const groupCache = new Map<number, string>();
    const groupFor = (id: number): string => {
      let g = groupCache.get(id);
      if (g === undefined) {
        g = groupOf((byId.get(id) as ProfileNode).callFrame, projectRoot);
        groupCache.set(id, g);
      }
      return g;
    };
    const fnName = (id: number): string => {
      const { functionName, url, lineNumber } = (byId.get(id) as ProfileNode).callFrame;
      const where = url ? `${groupFor(id)}:${lineNumber + 1}` : groupFor(id);
      return `${functionName || '(anonymous)'} ${where}`;
    };
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      sampledMs += ms;
      const seenGroups = new Set<string>();
      const seenFns = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const g = groupFor(at);
        const f = fnName(at);
        if (!seenGroups.has(g)) {
          seenGroups.add(g);
          const entry = groups.get(g) ?? { self: 0, total: 0 };
          entry.total += ms;
          if (at === id) entry.self += ms;
          groups.set(g, entry);
        }
        if (!seenFns.has(f)) {
          seenFns.add(f);
          const entry = functions.get(f) ?? { self: 0, total: 0 };
          entry.total += ms;
          if (at === id) entry.self += ms;
          functions.set(f, entry);
        }
      }
    });
  }
  const list = (m: Map<string, { self: number; total: number }>, key: 'self' | 'total'): TimeShare[] =>
    [...m.entries()]
      .map(([name, v]) => ({ name, selfMs: Math.round(v.self), totalMs: Math.round(v.total) }))
      .sort((a, b) => (key === 'self' ? b.selfMs - a.selfMs : b.totalMs - a.totalMs))
      .slice(0, top);
  return {
    files: names.length,
    sampledMs: Math.round(sampledMs),
    groups: list(groups, 'self'),
    functions: list(functions, 'self'),
  };
}
