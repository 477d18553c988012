/** Loaded by page code in the browser tests (the dev server resolves the bare import): Plot's own colour scale. */
export { scale } from "@observablehq/plot";
