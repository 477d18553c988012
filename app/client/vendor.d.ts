/// <reference types="vite/client" />
// The Observable libraries that ship no types: what the page uses of them.
declare module "@observablehq/inspector" {
  export class Inspector {
    constructor(node: Element);
    fulfilled(value: unknown, name?: string | null): void;
    rejected(error: unknown, name?: string | null): void;
    pending(): void;
  }
}
declare module "@observablehq/inputs";
