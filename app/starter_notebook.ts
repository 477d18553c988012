import { escapeHtml } from "./format.ts";

/** "edge-detectors" → "Edge detectors". */
export function titleOf(name: string): string {
  const words = name.replace(/[-_]+/g, " ").trim();
  return words ? `${words[0].toUpperCase()}${words.slice(1)}` : "Untitled";
}

/**
 * What a newcomer starts from: the imports, an image to draw on, a bank of two filters to
 * drag, the convolution with its ReLU, and its feature maps. Every cell computes as written
 * (the tests run it), so the first thing one sees works.
 */
export function starterNotebook(title: string, file: string): string {
  const t = escapeHtml(title);
  return `<!doctype html>
<notebook theme="air">
  <title>${t}</title>
  <script id="1" type="text/markdown">
    # ${t}

    A place to start: an image, one convolution layer and the feature maps it makes. Drag a weight of either filter, or draw on the image, and only the cells that depend on what you changed compute again.

    The first filter takes the column left of each pixel from the column right of it, so after the ReLU it lights up where the image gets brighter from left to right: the left edge of a stroke. The second does the same from top to bottom and finds a stroke's top edge. Add cells below for pooling, another layer or a loss. From a terminal, \`npx scanbook run ${escapeHtml(file)}\` computes every cell and prints what each holds.
  </script>
  <script id="2" type="module">
    import {tensor, conv2d, relu, imageInput, filterEditor, featureMaps} from "scanbook";
  </script>
  <script id="3" type="module">
    const image = view(imageInput({sample: "seven", size: 28}))
  </script>
  <script id="4" type="module">
    const filters = view(filterEditor(tensor([
      [[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]],
      [[[-1, -2, -1], [0, 0, 0], [1, 2, 1]]],
    ])))
  </script>
  <script id="5" type="module">
    const maps = relu(conv2d(image, {weight: filters, padding: 1}))
  </script>
  <script id="6" type="module">
    featureMaps(maps, {title: "what each filter finds"})
  </script>
</notebook>
`;
}
