/**
 * FileAttachment(name), as Observable notebooks have it: a file beside the notebook, read when
 * a cell asks (`await FileAttachment("model.safetensors").arrayBuffer()`). Names are paths
 * inside the notebook's folder; one that leaves it (`../x`, `/etc/x`) is refused, so a
 * notebook run by someone else (a grader) reads nothing of theirs.
 */
export class FileAttachment {
  constructor(
    readonly name: string,
    private readonly load: () => Promise<Uint8Array>,
  ) {}
  /** The file's bytes. */
  bytes(): Promise<Uint8Array> {
    return this.load();
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = await this.load();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }
  async text(): Promise<string> {
    return new TextDecoder().decode(await this.load());
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
  toString(): string {
    return `FileAttachment(${JSON.stringify(this.name)})`;
  }
}

/** The name, checked to be a relative path inside the notebook's folder. */
export function attachmentPath(name: unknown): string {
  if (typeof name !== "string" || !name) throw new Error(`FileAttachment: expected a file name, got ${typeof name === "string" ? "an empty string" : typeof name}`);
  const parts = name.replace(/^\.\//, "").split("/");
  if (name.startsWith("/") || /^[a-z]+:/i.test(name) || name.includes("\\") || parts.some((p) => p === ".." || p === "")) {
    throw new Error(`FileAttachment "${name}": expected a file inside the notebook's folder (a relative path without ..)`);
  }
  return parts.join("/");
}

/** The builtin: FileAttachment(name) for files read by `read` (relative to the notebook). */
export function fileAttachments(read: (path: string) => Promise<Uint8Array>): (name: string) => FileAttachment {
  return (name: string) => {
    const path = attachmentPath(name);
    return new FileAttachment(path, async () => {
      try {
        return await read(path);
      } catch (error) {
        throw new Error(`FileAttachment "${path}": ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file beside the notebook" : (error as Error).message}`);
      }
    });
  };
}
