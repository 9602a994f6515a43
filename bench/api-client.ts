// The bench's own API calls (creating accounts, following cursors): JSON in and out, any non-2xx fails the run.

export type Headers = Record<string, string>;

export async function api<T = Record<string, unknown>>(baseUrl: string, method: string, path: string, headers: Headers, body?: unknown): Promise<T> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}
