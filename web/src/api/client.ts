/**
 * The only place that talks to the JSON API. Sends the session cookie and, on every write, the CSRF token;
 * turns the uniform error body into an ApiError; reports a lost session so the app can return to the login page.
 */
import { isFieldIssueCode, type FieldIssue } from '../../../src/core/errors.ts';

export type ApiFieldError = FieldIssue;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: ApiFieldError[];

  constructor(status: number, code: string, message: string, fields: ApiFieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** The server's message for one field; paths may be given as `name` or with a prefix such as `body.name`. */
  fieldMessage(name: string): string | undefined {
    return this.fields.find(
      (f) => f.path === name || f.path.endsWith(`.${name}`) || f.path.endsWith(`/${name}`),
    )?.message;
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let csrfToken: string | null = null;
let unauthorizedListener: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function onUnauthorized(listener: (() => void) | null): void {
  unauthorizedListener = listener;
}

interface RequestOptions {
  signal?: AbortSignal;
  /** A 401 is an expected answer (session probe, login): do not treat it as a lost session. */
  expectUnauthorized?: boolean;
}

function toApiError(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object' && 'error' in body) {
    const e = (body as { error: unknown }).error;
    if (e && typeof e === 'object') {
      const err = e as { code?: unknown; message?: unknown; fields?: unknown };
      const fields = Array.isArray(err.fields)
        ? err.fields
            .filter((f): f is ApiFieldError => !!f && typeof f === 'object' && 'message' in f)
            .map((f) => ({
              path: String(f.path ?? ''),
              // A code this client does not know (a newer server) shows the server's own words, as a rule does.
              code: isFieldIssueCode(f.code) ? f.code : 'rule',
              message: String(f.message),
            }))
        : [];
      return new ApiError(
        status,
        typeof err.code === 'string' ? err.code : `http_${status}`,
        typeof err.message === 'string' ? err.message : '',
        fields,
      );
    }
  }
  return new ApiError(status, `http_${status}`, '');
}

export async function request<T>(
  method: HttpMethod,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const isLogin = method === 'POST' && path === '/api/session';
  if (method !== 'GET' && !isLogin && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', '');
  }

  return settle<T>(response.status, response.status === 204 ? '' : await response.text(), options);
}

/** The answer's JSON body, or the ApiError it carries (a lost session is reported on the way). */
function settle<T>(status: number, text: string, options: RequestOptions): T {
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (status < 200 || status >= 300) {
    const error = toApiError(status, data);
    if (status === 401 && !options.expectUnauthorized) unauthorizedListener?.();
    throw error;
  }
  return data as T;
}

export interface UploadOptions {
  signal?: AbortSignal;
  /** Bytes sent so far, of `total`. */
  onProgress?: (sent: number, total: number) => void;
}

/**
 * POSTs a file or a Blob as the raw request body. XMLHttpRequest rather than fetch, because only it reports upload
 * progress; a cancelled upload rejects with an AbortError, as fetch does.
 */
export function upload<T>(
  path: string,
  body: Blob,
  contentType: string,
  options: UploadOptions = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('content-type', contentType);
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) =>
      options.onProgress?.(event.loaded, event.lengthComputable ? event.total : body.size);
    xhr.onload = () => {
      try {
        resolve(settle<T>(xhr.status, xhr.responseText, {}));
      } catch (error) {
        reject(error);
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', ''));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    if (options.signal?.aborted) return reject(new DOMException('Upload cancelled', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, body, options),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** Builds a query string, leaving out empty values. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}
