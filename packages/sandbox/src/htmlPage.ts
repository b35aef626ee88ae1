import { createHash } from 'node:crypto'

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char]!)
}

/**
 * A complete, self-contained HTML response. The policy forbids every external resource,
 * so a page that tried to load one would fail loudly in the browser tests; framing is
 * refused as on a real sign-in page (clickjacking). An inline `script`, when given, is
 * the only script the policy allows, by its SHA-256 hash (CSP Level 3 §8.4).
 */
export function htmlPage(title: string, bodyHtml: string, status = 200, script?: string): Response {
  const scriptSource =
    script === undefined
      ? ''
      : `; script-src 'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #1d2330; margin: 0; }
main { max-width: 32rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 12px; box-shadow: 0 2px 8px rgb(0 0 0 / 10%); }
.badge { font-size: .8rem; color: #5b6475; text-transform: uppercase; letter-spacing: .05em; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: 1.5rem; }
button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 1px solid #2f54eb; background: #2f54eb; color: #fff; cursor: pointer; }
button[value="deny"] { background: #fff; color: #b42318; border-color: #b42318; }
code { overflow-wrap: anywhere; }
.error { color: #b42318; }
</style>
</head>
<body>
<main>
${bodyHtml}
</main>
${script === undefined ? '' : `<script>${script}</script>\n`}</body>
</html>
`
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'${scriptSource}`,
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    },
  })
}
