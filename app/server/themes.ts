import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Notebook Kit's themes (its theme-NAME.css files), and which of them are dark. */
export const THEMES = ["air", "coffee", "cotton", "deep-space", "glacier", "ink", "midnight", "near-midnight", "ocean-floor", "parchment", "slate", "stark", "sun-faded"] as const;
/** The theme a light one turns into for a reader whose system asks for dark (Notebook Kit's default dark). */
export const DARK_COMPANION = "near-midnight";

let stylesDir: string | undefined;
const styles = () => {
  // Through the package's own export of its stylesheets ("./*.css").
  stylesDir ??= dirname(createRequire(import.meta.url).resolve("@observablehq/notebook-kit/theme-air.css"));
  return stylesDir;
};

/** A Notebook Kit stylesheet with its @imports put inline (the page gets one <style>, no requests); each read once. */
const read = new Map<string, string>();
function inlined(file: string, seen = new Set<string>()): string {
  if (seen.has(file)) return "";
  seen.add(file);
  if (!read.has(file)) read.set(file, readFileSync(join(styles(), file), "utf8"));
  return read.get(file)!.replace(/@import url\("\.\/([\w-]+\.css)"\);/g, (_, imported: string) => inlined(imported, seen));
}

const isDark = (theme: string) => /color-scheme:\s*dark/.test(inlined(`theme-${theme}.css`));

/**
 * The CSS of a notebook's theme (its `theme` attribute; "air" when it names none or one Notebook
 * Kit does not have): its colours as Notebook Kit's --theme-* variables, which the page's own
 * stylesheet reads. A light theme gives way to a dark one when the reader's system prefers dark.
 */
export function themeCss(theme: string | { light: string; dark: string } | undefined): string {
  const known = (name: string | undefined, fallback: string) => (THEMES.includes(name as (typeof THEMES)[number]) ? (name as string) : fallback);
  // Notebook Kit's light-dark(LIGHT, DARK): the file names both.
  const light = known(typeof theme === "object" ? theme.light : theme, "air");
  const dark = typeof theme === "object" ? known(theme.dark, DARK_COMPANION) : isDark(light) ? light : DARK_COMPANION;
  const own = inlined(`theme-${light}.css`);
  if (dark === light) return own;
  return `${own}\n@media (prefers-color-scheme: dark) {\n${inlined(`theme-${dark}.css`)}\n}\n`;
}
