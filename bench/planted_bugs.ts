import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Submissions of the sample assignment with one planted bug each (graded in the tests and
 * in the bench's grading row), made from its own
 * solutions by exact text edits (an edit that finds nothing to change throws, so a
 * fixture can never silently become the reference solution).
 */
export const ASSIGNMENT = join(new URL("..", import.meta.url).pathname, "notebooks/assignment_cnn.html");

export const reference = () => readFileSync(ASSIGNMENT, "utf8");

function edit(html: string, from: string, to: string): string {
  if (!html.includes(from)) throw new Error(`planted bug: "${from.slice(0, 60)}" is not in the assignment`);
  return html.replace(from, to);
}

export const PLANTED: Record<string, (html: string) => string> = {
  // The input gradient scattered with the kernel reversed: a full correlation with the unflipped kernel.
  unflipped: (h) =>
    edit(h, "gradInput.data[(n * C + c) * W + i + k] += g * weight.data[(o * C + c) * K + k];", "gradInput.data[(n * C + c) * W + i + k] += g * weight.data[(o * C + c) * K + (K - 1 - k)];"),
  // conv2d's shared-weight gradients divided by the batch size.
  averaged: (h) =>
    edit(
      h,
      "      gradInput.data[at] += g * weight.data[w];\n        }\n      }\n      return { gradInput, gradWeight, gradBias };",
      "      gradInput.data[at] += g * weight.data[w];\n        }\n      }\n      for (let i = 0; i < gradWeight.data.length; i++) gradWeight.data[i] /= N;\n      for (let i = 0; i < gradBias.data.length; i++) gradBias.data[i] /= N;\n      return { gradInput, gradWeight, gradBias };",
    ),
  // downsample1d keeps floor(W / k) positions.
  floor: (h) => edit(h, "const [N, C, W] = x.shape, Wd = Math.ceil(W / k);", "const [N, C, W] = x.shape, Wd = Math.floor(W / k);"),
  // The MLP's window read feature-major.
  window_order: (h) => edit(h, "conv.data[(o * C + c) * K + k] = weight.data[o * flat + k * C + c];", "conv.data[(o * C + c) * K + k] = weight.data[o * flat + c * K + k];"),
  // maxPool2d never returns.
  infinite_loop: (h) =>
    edit(
      h,
      "function maxPool2d(x: Tensor, kernel: number, stride: number): Tensor {\n",
      "function maxPool2d(x: Tensor, kernel: number, stride: number): Tensor {\n      while (kernel > 0) { stride++; }\n",
    ),
  // conv2dStride1 throws.
  throws: (h) =>
    edit(
      h,
      "function conv2dStride1(x: Tensor, weight: Tensor, bias: Tensor): Tensor {\n",
      'function conv2dStride1(x: Tensor, weight: Tensor, bias: Tensor): Tensor {\n      if (x.shape.length === 4) throw new RangeError("index 12 out of range");\n',
    ),
  // meanPool2d fills typed arrays until allocation fails; its backward grows the heap until the process dies.
  memory_hog: (h) =>
    edit(
      edit(
        h,
        "function meanPool2d(x: Tensor, kernel: number, stride: number): Tensor {\n",
        "function meanPool2d(x: Tensor, kernel: number, stride: number): Tensor {\n      const hog = [];\n      for (;;) hog.push(new Float64Array(1 << 22).fill(1));\n",
      ),
      "function meanPool2dBackward(x: Tensor, kernel: number, stride: number, gradOutput: Tensor): Tensor {\n",
      "function meanPool2dBackward(x: Tensor, kernel: number, stride: number, gradOutput: Tensor): Tensor {\n      const heap = [];\n      for (;;) heap.push({ kernel, stride, more: [1, 2, 3] });\n",
    ),
  // Correct, but prints at every call.
  noise: (h) =>
    edit(
      h,
      "  return { gradInput, gradWeight, gradBias };\n      // END SOLUTION\n    }\n  </script>",
      '  for (let i = 0; i < 50; i++) console.log("debug", i, gradBias.data);\n      return { gradInput, gradWeight, gradBias };\n      // END SOLUTION\n    }\n  </script>',
    ),
  // Correct exercises; a given cell and a markdown cell changed, a cell added, the first exercise moved last.
  changed_cells: (h) => {
    let out = edit(
      h,
      "return { shape: [...shape], data: new Float32Array(shape.reduce((a, b) => a * b, 1)) };",
      "return { shape: [...shape], data: new Float32Array(shape.reduce((a, b) => a * b, 1) + 1) };",
    );
    out = edit(out, "# Assignment: a CNN from scratch\n", "# My answers\n");
    const start = out.indexOf('  <script id="5" type="text/x-typescript">');
    const end = out.indexOf("</script>", start) + "</script>\n".length;
    const moved = out.slice(start, end);
    out = out.slice(0, start) + out.slice(end);
    return edit(out, "</notebook>", `${moved}  <script id="900" type="module">\n    const scratch = 1 + 1\n  </script>\n</notebook>`);
  },
};
