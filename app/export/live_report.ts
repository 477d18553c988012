import { REPORT_DATA_IDS } from "../client/report_data.ts";
import type { PackedDigits } from "./digits_asset.ts";
import type { LiveBundle } from "./live_bundle.ts";

/** The id of the script the report carries gzipped (see LOADER). */
const SCRIPT_ID = "scanbook-script";

/**
 * Starts the report's script: gunzips it with the browser's DecompressionStream and imports
 * it from a Blob, so nothing is fetched. Without JavaScript none of this runs and the
 * pre-rendered report stays as it is.
 */
const LOADER = `const packed = document.getElementById("${SCRIPT_ID}").textContent.trim();
const bytes = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));
const code = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
await import(URL.createObjectURL(new Blob([code], { type: "text/javascript" })));`;

/** JSON that cannot end the <script> element it sits in. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * A pre-rendered report made live: it also carries the notebook's source, the data its cells
 * read (the MNIST digits when it used them, the files it read with FileAttachment) and the app's script, which takes over the page
 * when JavaScript runs. Nothing is loaded from elsewhere.
 */
export function liveReport(staticHtml: string, live: { bundle: LiveBundle; source: string; digits?: PackedDigits; attachments?: ReadonlyMap<string, Uint8Array> }): string {
  const files = live.attachments?.size ? Object.fromEntries([...live.attachments].map(([name, bytes]) => [name, Buffer.from(bytes).toString("base64")])) : undefined;
  const parts = [
    `<style>${live.bundle.css}</style>`,
    `<script type="application/json" id="${REPORT_DATA_IDS.notebook}">${scriptJson(live.source)}</script>`,
    ...(live.digits ? [`<script type="application/json" id="${REPORT_DATA_IDS.digits}">${scriptJson(live.digits)}</script>`] : []),
    ...(files ? [`<script type="application/json" id="${REPORT_DATA_IDS.attachments}">${scriptJson(files)}</script>`] : []),
    `<script type="application/octet-stream;base64" id="${SCRIPT_ID}">${live.bundle.jsGzipBase64}</script>`,
    `<script type="module">${LOADER}</script>`,
  ];
  const at = staticHtml.lastIndexOf("</body>");
  if (at < 0) throw new Error("export: the report has no </body> to put its script before");
  return `${staticHtml.slice(0, at)}${parts.join("\n")}\n${staticHtml.slice(at)}`;
}
