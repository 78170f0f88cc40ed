/**
 * `npm run build`: ingest, then `astro build`, then the build's output stages (search index, KaTeX stylesheet, dist
 * check, summary: src/integrations/output.ts) in a process of their own (scripts/output.ts) once Astro has exited,
 * so that Astro's memory and Pagefind's never add up. Astro's process hands them what only it knows through a small
 * file in the cache folder (OUTPUT_HANDOVER_ENV). Prints what matters: ingest's report (the shipped dumps' known
 * problems as one count), Astro's phase lines with one line for the whole route listing, the integrations' lines,
 * the stages' lines and the summary, and every warning and error. `--verbose` prints everything the steps print
 * (ingest's --verbose report and Astro's whole output). Exits with the first failing step's code.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { OUTPUT_HANDOVER_ENV } from '../src/integrations/output-handover.ts';
import { BuildOutputFilter } from '../src/lib/build-output.ts';

const USAGE = `Usage: npm run build -- [options] [astro build options]

Ingests the dumps of the content root, then builds the site into dist/.

Options:
  --content DIR  content root (default: $READING_LIST_CONTENT, else ./content)
  --verbose      print everything: ingest's whole report and Astro's every line (each route)
  --help         show this help
Any other option is passed to \`astro build\`.`;

const PROJECT = path.resolve(import.meta.dirname, '..');
const INGEST = path.join(PROJECT, 'scripts', 'ingest.ts');
const ASTRO = path.join(PROJECT, 'node_modules', 'astro', 'bin', 'astro.mjs');
const OUTPUT = path.join(PROJECT, 'scripts', 'output.ts');

/** The handover file of this build, in the cache folder astro.config.mjs gives Astro (one per build process). */
function handoverFile(env: NodeJS.ProcessEnv): string {
  const cache = env.READING_LIST_CACHE
    ? path.resolve(PROJECT, env.READING_LIST_CACHE)
    : path.join(PROJECT, 'node_modules', '.astro');
  return path.join(cache, `output-handover-${process.pid}.json`);
}

/** Runs a Node script with this Node; resolves with its exit code (1 when a signal ended it). */
function run(args: string[], env: NodeJS.ProcessEnv, filter?: BuildOutputFilter): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: PROJECT,
      env,
      stdio: ['inherit', filter ? 'pipe' : 'inherit', 'inherit'],
    });
    let closed: Promise<void> = Promise.resolve();
    if (filter && child.stdout) {
      const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
      lines.on('line', (line) => {
        for (const shown of filter.line(line)) process.stdout.write(`${shown}\n`);
      });
      closed = new Promise((done) => lines.once('close', done));
    }
    child.once('error', reject);
    child.once('close', (code) => {
      void closed.then(() => resolve(code ?? 1));
    });
  });
}

/** Our options; every other argument goes to astro build, as `npm run build -- …` always did. */
function parseCommandLine(
  argv: readonly string[],
): { content?: string; verbose: boolean; help: boolean; astro: string[] } | string {
  const options: { content?: string; verbose: boolean; help: boolean; astro: string[] } = {
    verbose: false,
    help: false,
    astro: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--verbose') options.verbose = true;
    else if (arg === '--help') options.help = true;
    else if (arg === '--content' || arg.startsWith('--content=')) {
      const value = arg === '--content' ? argv[++i] : arg.slice('--content='.length);
      if (!value || value.startsWith('--')) return '--content needs a folder: --content DIR';
      options.content = value;
    } else options.astro.push(arg);
  }
  return options;
}

async function main(argv: string[]): Promise<number> {
  const options = parseCommandLine(argv);
  if (typeof options === 'string') {
    process.stderr.write(`build: ${options}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { verbose } = options;

  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.content !== undefined) env.READING_LIST_CONTENT = path.resolve(options.content);
  const ingested = await run([INGEST, ...(verbose ? ['--verbose'] : [])], env);
  if (ingested !== 0) return ingested;

  // Astro colours its lines only on a terminal: keep them when this build's output is one.
  const handover = handoverFile(env);
  const astroEnv = {
    ...env,
    ...(process.stdout.isTTY && env.NO_COLOR === undefined ? { FORCE_COLOR: '1' } : {}),
    [OUTPUT_HANDOVER_ENV]: handover,
  };
  const filter = verbose ? undefined : new BuildOutputFilter();
  try {
    const built = await run([ASTRO, 'build', ...options.astro], astroEnv, filter);
    if (built !== 0) {
      if (filter && filter.dropped > 0)
        process.stderr.write(
          `build: astro build failed (exit ${built}); its error is above. \`npm run build -- --verbose\` shows every line it printed.\n`,
        );
      return built;
    }
    // Astro has exited: its memory is free for Pagefind and the other output stages.
    const stages = await run([OUTPUT, handover], astroEnv);
    if (stages !== 0) process.stderr.write(`build: the output stages failed (exit ${stages}); their error is above.\n`);
    return stages;
  } finally {
    await fs.rm(handover, { force: true });
  }
}

process.exitCode = await main(process.argv.slice(2));
