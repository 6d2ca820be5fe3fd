/** HTML for the emulator's own pages (sign-in picker, portal, errors). Everything interpolated is escaped. */

export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Tagged template that escapes every interpolation unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    const part = Array.isArray(v)
      ? v.map((x) => (x instanceof Html ? x.value : escapeHtml(x))).join("")
      : v instanceof Html
        ? v.value
        : v === null || v === undefined || v === false
          ? ""
          : escapeHtml(v);
    out += part + strings[i + 1]!;
  });
  return new Html(out);
}

export function page(title: string, body: Html): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #1b1b1b; }
  button { font: inherit; padding: .5rem 1rem; margin: .25rem 0; cursor: pointer; }
  ul { list-style: none; padding: 0; }
  li { margin: .5rem 0; }
  .muted { color: #555; font-size: .9em; }
  .banner { background: #fff4ce; padding: .25rem .5rem; font-size: .85em; }
</style>
</head>
<body>
<p class="banner">Local Kinde emulator — not a real identity provider.</p>
${body.value}
</body>
</html>`;
}

export function errorPage(title: string, message: string): string {
  return page(title, html`<main><h1>${title}</h1><p>${message}</p></main>`);
}
