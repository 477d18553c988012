/** What the page and the dev server agree on: where the page reads and saves, and what it hears. */

/** Where the page reads a notebook's file (`?path=`) and saves a cell (`/save`). */
export const API = "/@scanbook";
/** The event the page hears when a notebook file changed on disk. */
export const CHANGED_EVENT = "scanbook:notebook-changed";
