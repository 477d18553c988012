// Inputs ships no types; cells use it untyped, as in Notebook Kit.
declare module "@observablehq/inputs";
