/**
 * A same-site path to go to after signing in, or "/" when the requested one could lead elsewhere.
 * Browsers read `/\evil.example`, `/\t/evil.example` and the like as `//evil.example`, so the
 * target is parsed as a browser would and must stay on our origin.
 */
export function safeRedirectPath(requested: string | null | undefined): string {
  if (!requested || !requested.startsWith("/")) return "/";
  const base = "http://same-origin.invalid";
  let url: URL;
  try {
    url = new URL(requested, base);
  } catch {
    return "/";
  }
  if (url.origin !== base || /[\u0000-\u001f\\]/.test(requested)) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
