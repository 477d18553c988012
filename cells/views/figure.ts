/** Small DOM helpers shared by the views: every view is a <figure> that works without the app's stylesheet. */

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, style: Partial<CSSStyleDeclaration> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  Object.assign(node.style, style);
  return node;
}

export function figure(className: string, caption: string, label: string): { figure: HTMLElement; body: HTMLElement } {
  // Never wider than its column: what cannot wrap (a summary table, a long 1-D scan) scrolls
  // inside the figure, as a notebook's wide outputs do, instead of running under the margin.
  const root = element("figure", { class: `scanbook-view ${className}`, role: "group", "aria-label": label }, { margin: "0.5rem 0", maxWidth: "100%", overflowX: "auto" });
  const cap = root.appendChild(element("figcaption", {}, { font: "12px/1.4 system-ui, sans-serif", color: "var(--muted, #5b6270)", marginBottom: "4px" }));
  cap.textContent = caption;
  const body = root.appendChild(element("div", {}, { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "flex-start" }));
  return { figure: root, body };
}

/** A number as a readout shows it. */
export function formatValue(x: number): string {
  if (x === 0) return "0";
  return Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toExponential(2) : x.toFixed(3);
}

/** Whether a 2-D canvas can be drawn on: in a browser yes; under jsdom (headless runs, exports) no. */
export function hasCanvas(): boolean {
  return typeof navigator !== "undefined" && !/jsdom/i.test(navigator.userAgent);
}

/** "1 filter", "6 filters". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
