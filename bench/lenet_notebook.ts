/**
 * The reactive benchmark's notebook: LeNet on one 28x28 image (conv 6@5x5, relu, max pool 2,
 * conv 16@5x5, relu, max pool 2, flatten, linear 120, 84, 10, cross-entropy) with a gradient
 * cell for every weight and bias, all observed.
 */
const layers: Array<[string, string]> = [
  ["x", "randn([1, 1, 28, 28], {seed: 1})"],
  ["w1", "randn([6, 1, 5, 5], {seed: 2, std: 0.2})"],
  ["b1", "zeros([6])"],
  ["a1", "maxPool2d(relu(conv2d(x, {weight: w1, bias: b1})), {kernelSize: 2})"],
  ["w2", "randn([16, 6, 5, 5], {seed: 3, std: 0.08})"],
  ["b2", "zeros([16])"],
  ["a2", "maxPool2d(relu(conv2d(a1, {weight: w2, bias: b2})), {kernelSize: 2})"],
  ["w3", "randn([120, 256], {seed: 4, std: 0.06})"],
  ["b3", "zeros([120])"],
  ["a3", "relu(linear(flatten(a2), {weight: w3, bias: b3}))"],
  ["w4", "randn([84, 120], {seed: 5, std: 0.09})"],
  ["b4", "zeros([84])"],
  ["a4", "relu(linear(a3, {weight: w4, bias: b4}))"],
  ["w5", "randn([10, 84], {seed: 6, std: 0.1})"],
  ["b5", "zeros([10])"],
  ["logits", "linear(a4, {weight: w5, bias: b5})"],
  ["loss", "crossEntropy(logits, [3])"],
];
const parameters = ["w1", "b1", "w2", "b2", "w3", "b3", "w4", "b4", "w5", "b5"];

export function lenetBenchHtml(): string {
  const cells = [
    `import {randn, zeros, conv2d, relu, maxPool2d, flatten, linear, crossEntropy, grad} from "scanbook";`,
    ...layers.map(([name, expr]) => `const ${name} = ${expr};`),
    ...parameters.map((p) => `const d${p} = grad(loss, ${p});`),
  ];
  const scripts = cells.map((c, i) => `  <script id="${i + 1}" type="module">\n    ${c}\n  </script>`).join("\n");
  return `<!doctype html>\n<notebook>\n  <title>LeNet benchmark</title>\n${scripts}\n</notebook>\n`;
}
