/**
 * What Pagefind's own script needs to run from file://, where a page may not
 * fetch() files or start a worker. Bundled into the file:// copy of
 * pagefind.js in place of the globals `fetch` and `Worker`
 * (src/lib/search/file-bundle.ts): every file Pagefind asks for is read from
 * its classic-script twin (`<file>.js`, which hands over its bytes as base64),
 * and with no Worker Pagefind runs on the main thread. The engine, the index
 * and therefore the results are Pagefind's, byte for byte.
 */
import { FILE_BUNDLE_CALLBACK } from '../paths.ts';

type Waiter = { resolve: (bytes: Uint8Array<ArrayBuffer>) => void; reject: (error: Error) => void };

const waiting = new Map<string, Waiter[]>();

/** The data file a URL names: query and fragment off (Pagefind adds `?ts=` to bust caches). */
function fileKey(url: string): string {
  const parsed = new URL(url, document.baseURI);
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function settle(key: string, outcome: { bytes: Uint8Array<ArrayBuffer> } | { error: Error }): void {
  const waiters = waiting.get(key) ?? [];
  waiting.delete(key);
  for (const waiter of waiters) {
    if ('bytes' in outcome) waiter.resolve(outcome.bytes);
    else waiter.reject(outcome.error);
  }
}

// A twin script says which file it holds by its own URL (document.currentScript.src, without '.js').
(globalThis as unknown as Record<string, unknown>)[FILE_BUNDLE_CALLBACK] = (src: string, base64: string) => {
  settle(fileKey(src.replace(/\.js$/, '')), { bytes: decode(base64) });
};

function read(url: string): Promise<Uint8Array<ArrayBuffer>> {
  const key = fileKey(url);
  return new Promise((resolve, reject) => {
    const waiters = waiting.get(key);
    if (waiters) {
      waiters.push({ resolve, reject });
      return;
    }
    waiting.set(key, [{ resolve, reject }]);
    const script = document.createElement('script');
    script.src = `${key}.js`;
    script.onload = () => script.remove();
    script.onerror = () => {
      script.remove();
      settle(key, { error: new Error(`could not load ${key}.js`) });
    };
    document.head.appendChild(script);
  });
}

/** Stands in for window.fetch inside Pagefind's script. */
async function fileFetch(input: RequestInfo | URL): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const bytes = await read(url);
  const type = /\.wasm$/.test(new URL(url, document.baseURI).pathname)
    ? 'application/wasm'
    : 'application/octet-stream';
  return new Response(bytes, { status: 200, headers: { 'Content-Type': type } });
}

/** No worker from file://: Pagefind's `new Worker(...)` throws, and it runs on the main thread. */
const NoWorker = undefined;

export { fileFetch as fetch, NoWorker as Worker };
