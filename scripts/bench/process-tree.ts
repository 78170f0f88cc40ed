/**
 * Runs one command as a child process and measures it: wall time (performance.now
 * around the child) and the peak resident memory of its whole process tree
 * (the child and every descendant: astro spawns workers, Pagefind runs a
 * binary, esbuild runs a service).
 *
 * Memory is sampled from /proc every `intervalMs` (50 ms): the VmRSS of the
 * tree's members (/proc/<pid>/status) is summed, and the peak is the largest
 * sum seen. The tree itself is found by parent pid (/proc/<pid>/stat of every
 * process) every few samples, which keeps the sampler's own CPU use near 1%
 * of one core, out of the way of what it measures.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Sampling period in milliseconds. Default 50. */
  intervalMs?: number;
  /** Look for new descendants every this many samples. Default 5 (every 250 ms). */
  rescanEvery?: number;
  /** Extra Node options for node children, e.g. '--cpu-prof'. */
  nodeOptions?: string;
  /** Write the child's whole output (stdout then stderr, interleaved as it comes) to this file. */
  logFile?: string;
  /** Which output lines to keep, with the time they arrived, in `lines`. Default: none. */
  keepLine?: (line: string) => boolean;
  /** How much of stdout and stderr to keep in memory, from the end. Default 1 MB each. */
  keepBytes?: number;
}

export interface TimedLine {
  /** Milliseconds since the child started. */
  ms: number;
  line: string;
}

export interface RunResult {
  command: string;
  exitCode: number;
  ms: number;
  /** Peak of the summed VmRSS of the process tree, in bytes (0 where /proc is unreadable). */
  peakRssBytes: number;
  /** Most processes seen in the tree at once. */
  peakProcesses: number;
  samples: number;
  /** The tree's memory about once a second (the largest sum of each second), to tell which phase peaks. */
  timeline: { ms: number; rssBytes: number }[];
  /** The memory of each process (command name) in the sample with the largest sum. */
  atPeak: { pid: number; name: string; rssBytes: number }[];
  /** The end of stdout and stderr (see keepBytes). */
  stdout: string;
  stderr: string;
  /** Lines selected by keepLine, with arrival times. */
  lines: TimedLine[];
}

/** Parent pid of every live process, read from /proc/<pid>/stat. */
function parentMap(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return children;
  }
  for (const name of entries) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'latin1');
    } catch {
      continue; // the process ended between readdir and read
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses; the last ")" ends it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    const list = children.get(ppid);
    if (list) list.push(Number(name));
    else children.set(ppid, [Number(name)]);
  }
  return children;
}

/** The pids of `root` and all its descendants. */
export function processTree(root: number): number[] {
  const children = parentMap();
  const tree: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop() as number;
    tree.push(pid);
    for (const child of children.get(pid) ?? []) stack.push(child);
  }
  return tree;
}

/** VmRSS of one process in bytes; 0 when it is gone or is a zombie. */
export function rssBytes(pid: number): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {
    return 0;
  }
  const at = status.indexOf('VmRSS:');
  if (at < 0) return 0;
  return Number.parseInt(status.slice(at + 6), 10) * 1024;
}

/**
 * A process's command name; for a Node process (whose every thread may be called MainThread) with the script it
 * runs, e.g. `MainThread (astro.mjs)`, to tell Astro from the output stages or ingest.
 */
function processName(pid: number): string {
  let comm: string;
  try {
    comm = readFileSync(`/proc/${pid}/comm`, 'latin1').trim();
  } catch {
    return '?';
  }
  try {
    const [program, ...args] = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0');
    const script = args.find((arg) => !arg.startsWith('-'));
    if (program && /(^|\/)node$/.test(program) && script) return `${comm} (${script.split('/').pop()})`;
  } catch {
    // the process ended: its command name will do
  }
  return comm;
}

/** Runs `command args` to completion, measuring time and peak tree memory. Never throws on a non-zero exit. */
export function runMeasured(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...options.env };
    if (options.nodeOptions) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} ${options.nodeOptions}`.trim();
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keepBytes = options.keepBytes ?? 1_000_000;
    const log = options.logFile ? createWriteStream(options.logFile) : undefined;
    const lines: TimedLine[] = [];
    const collect = (): { chunks: Buffer[]; size: number; partial: string; push: (chunk: Buffer) => void } => {
      const sink = {
        chunks: [] as Buffer[],
        size: 0,
        partial: '',
        push(chunk: Buffer): void {
          log?.write(chunk);
          sink.chunks.push(chunk);
          sink.size += chunk.length;
          while (sink.size - (sink.chunks[0]?.length ?? 0) > keepBytes)
            sink.size -= (sink.chunks.shift() as Buffer).length;
          if (!options.keepLine) return;
          const ms = performance.now() - started;
          const text = sink.partial + chunk.toString('utf8');
          const parts = text.split('\n');
          sink.partial = parts.pop() ?? '';
          for (const line of parts) if (options.keepLine(line)) lines.push({ ms, line });
        },
      };
      return sink;
    };
    const out = collect();
    const err = collect();
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    let peakRssBytes = 0;
    let peakProcesses = 0;
    let samples = 0;
    let atPeak: RunResult['atPeak'] = [];
    const timeline: RunResult['timeline'] = [];
    // Finding the tree means reading every process's stat (a few ms); reading the
    // members' memory is cheap. So the tree is found again every `rescanEvery`
    // samples, and its members are read at every sample.
    const rescanEvery = options.rescanEvery ?? 5;
    let members: number[] = [];
    const sample = (): void => {
      if (child.pid === undefined) return;
      if (samples % rescanEvery === 0) members = processTree(child.pid);
      samples++;
      let bytes = 0;
      const sizes = members.map((pid) => {
        const rss = rssBytes(pid);
        bytes += rss;
        return { pid, rssBytes: rss };
      });
      if (bytes > peakRssBytes) {
        peakRssBytes = bytes;
        atPeak = sizes.map((m) => ({ ...m, name: processName(m.pid) }));
      }
      const second = Math.floor((performance.now() - started) / 1000);
      const last = timeline[timeline.length - 1];
      if (last && Math.floor(last.ms / 1000) === second) last.rssBytes = Math.max(last.rssBytes, bytes);
      else timeline.push({ ms: second * 1000, rssBytes: bytes });
      if (members.length > peakProcesses) peakProcesses = members.length;
    };
    const timer = setInterval(sample, options.intervalMs ?? 50);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(new Error(`could not start ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      const ms = performance.now() - started;
      clearInterval(timer);
      log?.end();
      resolve({
        command: [command, ...args].join(' '),
        exitCode: code ?? (signal ? 128 : 1),
        ms,
        peakRssBytes,
        peakProcesses,
        samples,
        atPeak: atPeak.sort((a, b) => b.rssBytes - a.rssBytes),
        timeline,
        stdout: Buffer.concat(out.chunks).toString('utf8'),
        stderr: Buffer.concat(err.chunks).toString('utf8'),
        lines,
      });
    });
  });
}
