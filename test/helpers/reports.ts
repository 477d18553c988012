import { expect } from "vitest";

/** What a self-contained report must not have: a script file, or anything fetched from elsewhere. */
export function expectSelfContained(html: string): void {
  expect(html).not.toMatch(/<script[^>]*\bsrc\s*=/i);
  expect(html).not.toMatch(/<link\b/i);
  expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
  expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
}
