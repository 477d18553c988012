import { escapeHtml as escape } from "../format.ts";

/** The two pages the app serves, before Vite adds its client: the notebook list and a notebook. */

/** What a page loads, as URLs on the server: the sources through Vite, or the package's built files. */
export interface PageAssets {
  script: string;
  styles: readonly string[];
  /** The script's source file, for Vite to scan for dependencies (the sources only). */
  entry?: string;
  /** The built page's folder, served as it is at /client/ (the package only). */
  built?: string;
}

const head = (title: string, assets: PageAssets) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escape(title)}</title>
${assets.styles.map((href) => `<link rel="stylesheet" href="${escape(href)}">`).join("\n")}
</head>`;

/**
 * The notebook list, with a form that starts a new notebook. `notice` (a notebook that is not
 * there, a name refused) is said above the list; the page is then sent with its 404 or 400.
 */
export function indexPage(notebooks: Array<{ path: string; title: string }>, assets: PageAssets, notice?: string): string {
  const items = notebooks.length
    ? notebooks.map((n) => `<li><a href="/notebooks/${encodeURI(n.path)}">${escape(n.title)}</a> <code>${escape(n.path)}</code></li>`).join("\n")
    : "<li>No notebooks yet: add an .html file to this folder, start one below, or run <code>npx scanbook new NAME</code>.</li>";
  return `${head(notice ? "Not found · Scanbook" : "Scanbook", assets)}
<body>
<main class="index">
<h1>Scanbook</h1>
${notice ? `<p class="notice" role="alert">${escape(notice)}</p>` : ""}
<p>Each layer is a cell; edit one and only what depends on it computes again.</p>
<ul class="notebooks">
${items}
</ul>
<form class="new-notebook" method="post" action="${NEW_NOTEBOOK}">
<label>New notebook <input name="name" required pattern="[\\w][\\w -]*" maxlength="80" placeholder="edge-detectors"></label>
<button type="submit">Create</button>
</form>
</main>
</body>
</html>`;
}

/** Where the index page's form posts a new notebook's name. */
export const NEW_NOTEBOOK = "/new-notebook";

/** Any other path the server does not have: a 404 page that leads back to the list. */
export function notFoundPage(path: string, assets: PageAssets): string {
  return `${head("Not found · Scanbook", assets)}
<body>
<main class="index">
<h1>Not found</h1>
<p class="notice" role="alert">Nothing here at <code>${escape(path.slice(0, 200))}</code>.</p>
<p><a href="/">The notebooks of this folder</a></p>
</main>
</body>
</html>`;
}

/** A notebook's page; `theme` is its theme's CSS (Notebook Kit's --theme-* colours, see themes.ts). */
export function notebookPage(path: string, title: string, assets: PageAssets, theme = ""): string {
  return `${head(`${title} · Scanbook`, assets).replace("</head>", `<style id="notebook-theme">\n${theme}</style>\n</head>`)}
<body>
<nav class="top"><a href="/">Scanbook</a> <span class="path">${escape(path)}</span> <span id="engine-status" role="status"></span> <span id="busy" aria-live="polite"></span> <label class="show-code"><input type="checkbox" id="show-code"> all code</label> <button type="button" id="run-all">run all</button> <button type="button" id="keyboard-help" aria-label="keyboard shortcuts">?</button> <span id="engine-menu"></span></nav>
<main id="notebook" data-path="${escape(path)}" aria-busy="true"></main>
<script type="module" src="${escape(assets.script)}"></script>
</body>
</html>`;
}
