/** What the page and the dev server agree on: where the page reads and saves, and what it hears. */

/** Where the page reads a notebook's file (`?path=`) and saves a cell (`/save`). */
export const API = "/@scanbook";
/** Where the page listens (Server-Sent Events, `?path=`) for its notebook's file changing on disk. */
export const EVENTS = `${API}/events`;
