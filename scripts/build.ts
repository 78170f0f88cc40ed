/**
 * `npm run build`: ingest, then `astro build`, printing what matters: ingest's report (the shipped dumps' known
 * problems as one count), Astro's phase lines with one line for the whole route listing, the integrations' lines,
 * the summary, and every warning and error. `--verbose` prints everything both steps print (ingest's --verbose
 * report and Astro's whole output). Exits with the first failing step's code.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
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
  const astroEnv = process.stdout.isTTY && env.NO_COLOR === undefined ? { ...env, FORCE_COLOR: '1' } : env;
  const filter = verbose ? undefined : new BuildOutputFilter();
  const built = await run([ASTRO, 'build', ...options.astro], astroEnv, filter);
  if (built !== 0 && filter && filter.dropped > 0)
    process.stderr.write(
      `build: astro build failed (exit ${built}); its error is above. \`npm run build -- --verbose\` shows every line it printed.\n`,
    );
  return built;
}

process.exitCode = await main(process.argv.slice(2));
