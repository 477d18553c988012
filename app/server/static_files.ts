import { readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { extname, join, normalize, relative } from "node:path";

const TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

/**
 * Sends a file of the package's built page (dist/client) as it is: Vite's dev server would
 * run its import analysis over megabytes of bundled code on every load. Files outside `dir`
 * are never read. Returns false for a file that is not there (the next handler answers).
 */
export async function sendBuiltFile(dir: string, name: string, res: ServerResponse, headers: Record<string, string>): Promise<boolean> {
  const file = normalize(join(dir, name));
  const type = TYPES[extname(file)];
  if (!type || relative(dir, file).startsWith("..")) return false;
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return false;
  }
  // Names carry a content hash, except the entry's: the entry is checked again on every load.
  const cache = /-[\w-]{8}\.\w+$/.test(name) ? "public, max-age=31536000, immutable" : "no-cache";
  res.writeHead(200, { "Content-Type": `${type}; charset=utf-8`, "Cache-Control": cache, ...headers });
  res.end(body);
  return true;
}

/**
 * Sends a file of the notebooks folder that a notebook reads with FileAttachment (weights,
 * data): only a file inside `dir`, never a notebook's own source (the page has its own route).
 * Returns false for a file that is not there (the next handler answers with a 404 page).
 */
export async function sendAttachment(dir: string, name: string, res: ServerResponse, headers: Record<string, string>): Promise<boolean> {
  const file = normalize(join(dir, name));
  const inside = relative(dir, file);
  if (!inside || inside.startsWith("..") || name.includes("\0")) return false;
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return false;
  }
  res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-cache", ...headers });
  res.end(body);
  return true;
}
