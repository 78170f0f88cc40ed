/**
 * The first part of the dist check (startDistCheck) on a thread of its own, so that it uses a core while the
 * process's main thread serves another stage (Pagefind's indexing talks to its binary from there).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type DistCheckOptions, startDistCheck } from './dist-check.ts';

const { distDir, options } = workerData as { distDir: string; options: DistCheckOptions };
parentPort?.postMessage(await startDistCheck(distDir, options));
