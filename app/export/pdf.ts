import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** Where Chromium may be: $CHROMIUM first, then the usual Debian and Chrome paths. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  return candidates.find((path): path is string => !!path && existsSync(path));
}

/**
 * Prints a pre-rendered report (which has no script) to PDF with headless Chromium: no network, a
 * fresh profile; the figures are the report's inline SVG, so they print as vectors.
 */
export async function printPdf(html: string, pdfPath: string, chromium: string, timeoutS = 120): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "scanbook-pdf-"));
  try {
    const page = join(dir, "report.html");
    writeFileSync(page, html);
    const args = [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--user-data-dir=${join(dir, "profile")}`,
      "--no-pdf-header-footer",
      `--print-to-pdf=${pdfPath}`,
      pathToFileURL(page).href,
    ];
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(chromium, args, { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutS * 1000);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });
    if (code !== 0 || !existsSync(pdfPath) || statSync(pdfPath).size === 0) {
      throw new Error(`Chromium (${chromium}) did not print the PDF (exit ${code}): ${stderr.trim().split("\n").slice(-3).join(" ")}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
