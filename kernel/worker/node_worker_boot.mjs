// The worker thread runs the TypeScript sources as the CLI does, through tsx's loader.
import { register } from "tsx/esm/api";

register();
await import("./node_worker.ts");
