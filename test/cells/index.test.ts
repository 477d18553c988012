import { describe, expect, it } from "vitest";
import * as scanbook from "../../cells/index.ts";
import { LIBRARY_NAMES } from "../../cells/library.ts";

describe('cells/index.ts (the package\'s "scanbook" entry)', () => {
  it("exports every name a notebook may import, and nothing a notebook could not", () => {
    const exported = Object.keys(scanbook).filter((name) => !["LIBRARY_NAMES", "scanbookLibrary", "scanbookLibraryWith"].includes(name));
    expect(exported.sort()).toEqual([...LIBRARY_NAMES].sort());
    for (const name of LIBRARY_NAMES) expect(typeof (scanbook as Record<string, unknown>)[name], name).toBe("function");
  });

  it("computes outside Scanbook's kernel, on an engine of its own", async () => {
    const x = scanbook.tensor([
      [
        [
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
        ],
      ],
    ]);
    const y = scanbook.relu(
      scanbook.conv2d(x, {
        weight: scanbook.tensor([
          [
            [
              [1, 0],
              [0, -1],
            ],
          ],
        ]),
      }),
    );
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(Array.from((await y.read()).data)).toEqual([0, 0, 0, 0]); // 1 - 5 and the like: all -4, cut by the ReLU
    const z = scanbook.conv2d(x, {
      weight: scanbook.tensor([
        [
          [
            [-1, 0],
            [0, 1],
          ],
        ],
      ]),
    });
    expect(Array.from((await z.read()).data)).toEqual([4, 4, 4, 4]);
  });
});
