import { escapeHtml as escape } from "../format.ts";

/** The two pages the app serves, before Vite adds its client: the notebook list and a notebook. */

const head = (title: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escape(title)}</title>
<link rel="stylesheet" href="/app/client/style.css">
</head>`;

export function indexPage(notebooks: Array<{ path: string; title: string }>): string {
  const items = notebooks.length
    ? notebooks.map((n) => `<li><a href="/notebooks/${encodeURI(n.path)}">${escape(n.title)}</a> <code>${escape(n.path)}</code></li>`).join("\n")
    : "<li>No notebooks yet: add an .html file to notebooks/.</li>";
  return `${head("Scanbook")}
<body>
<main class="index">
<h1>Scanbook</h1>
<p>Notebooks in <code>notebooks/</code>. Each layer is a cell; edit one and only what depends on it computes again.</p>
<ul class="notebooks">
${items}
</ul>
</main>
</body>
</html>`;
}

export function notebookPage(path: string, title: string): string {
  return `${head(`${title} · Scanbook`)}
<body>
<nav class="top"><a href="/">Scanbook</a> <span class="path">${escape(path)}</span> <span id="engine-status" role="status"></span></nav>
<main id="notebook" data-path="${escape(path)}" aria-busy="true"></main>
<script type="module" src="/app/client/main.ts"></script>
</body>
</html>`;
}
