/**
 * The one module that talks to Hugging Face's papers API (`npm run enrich`,
 * `npm run new <arXiv id>`): paper search by title and one paper by arXiv id.
 * Polite: requests go one at a time, at least `delayMs` apart; a 429 waits as
 * long as the server asks (Retry-After), a 5xx, a timeout or an unreadable
 * answer is retried a few times with a growing pause, then reported. A
 * network that cannot be reached at all is an OfflineError, so callers can
 * say so in one line. The build never uses this module.
 */

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

export interface ApiOptions {
  /** Server root, e.g. https://huggingface.co or http://127.0.0.1:8123. Default: DEFAULT_ENDPOINT. */
  endpoint?: string;
  /** Least time between two requests, in ms. Default: 1000. */
  delayMs?: number;
  /** Time allowed for one answer, in ms. Default: 20000. */
  timeoutMs?: number;
  /** Attempts per request (first try included) on 429, 5xx, timeouts and unreadable answers. Default: 4. */
  attempts?: number;
  /** First pause before a retry, in ms; doubles each time. Default: 2000. */
  backoffMs?: number;
  /** Longest wait a Retry-After may impose, in ms. Default: 120000. */
  maxRetryAfterMs?: number;
}

/** The network cannot be reached (no connection, DNS failure, connection refused). */
export class OfflineError extends Error {
  override name = 'OfflineError';
}

/** A request that failed after every attempt; the message says how (HTTP 500, timeout, unreadable answer). */
export class RequestFailedError extends Error {
  override name = 'RequestFailedError';
}

const OFFLINE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A client that keeps its own pace between requests. */
export class HfApi {
  readonly endpoint: string;
  /** Requests sent (attempts included). */
  requests = 0;
  private readonly options: Required<Omit<ApiOptions, 'endpoint'>>;
  private last = 0;

  constructor(options: ApiOptions = {}) {
    this.endpoint = (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/u, '');
    this.options = {
      delayMs: options.delayMs ?? 1000,
      timeoutMs: options.timeoutMs ?? 20000,
      attempts: options.attempts ?? 4,
      backoffMs: options.backoffMs ?? 2000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 120000,
    };
  }

  /** `api/papers/search?q=…`: a list of papers (as Hugging Face answers it). */
  search(title: string): Promise<unknown> {
    return this.getJson(`${this.endpoint}/api/papers/search?${new URLSearchParams({ q: title })}`);
  }

  /** `api/papers/<arxiv-id>`: one paper. */
  paper(arxiv: string): Promise<unknown> {
    return this.getJson(`${this.endpoint}/api/papers/${encodeURIComponent(arxiv)}`);
  }

  /**
   * GETs a URL and parses its JSON, retrying as the module comment says.
   * @throws OfflineError when the server cannot be reached; RequestFailedError after the last attempt
   */
  async getJson(url: string): Promise<unknown> {
    const { attempts, backoffMs, timeoutMs, delayMs, maxRetryAfterMs } = this.options;
    let why = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const wait = this.last + delayMs - Date.now();
      if (wait > 0) await sleep(wait);
      this.last = Date.now();
      this.requests++;
      let pause = backoffMs * 2 ** (attempt - 1);
      try {
        const response = await fetch(url, {
          signal: AbortSignal.timeout(timeoutMs),
          headers: { accept: 'application/json' },
        });
        const text = await response.text();
        if (response.ok) {
          try {
            return JSON.parse(text);
          } catch {
            why = 'an unreadable answer (not JSON)';
          }
        } else if (response.status === 404) {
          return undefined;
        } else {
          why = `HTTP ${response.status}`;
          if (response.status === 429) {
            const after = Number(response.headers.get('retry-after'));
            if (Number.isFinite(after) && after >= 0) pause = Math.min(after * 1000, maxRetryAfterMs);
          } else if (response.status < 500) {
            throw new RequestFailedError(`${why} for ${url}`);
          }
        }
      } catch (error) {
        if (error instanceof RequestFailedError) throw error;
        const name = (error as Error).name;
        if (name === 'TimeoutError' || name === 'AbortError') why = `no answer within ${timeoutMs / 1000} s`;
        else {
          const code = errorCode(error);
          if (code && OFFLINE_CODES.has(code)) throw new OfflineError(`cannot reach ${new URL(url).host} (${code})`);
          why = `a broken connection (${code ?? (error as Error).message})`;
        }
      }
      if (attempt < attempts) await sleep(pause);
    }
    throw new RequestFailedError(`${why} after ${attempts} attempts`);
  }
}
