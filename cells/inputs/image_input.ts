import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import type { Tensor } from "../../kernel/tensor/tensor.ts";
import { element, hasCanvas } from "../views/figure.ts";
import { announce, oncePerFrame, withValue, type InputElement } from "./controls.ts";
import { dab, sampleImage, SAMPLE_NAMES, toGrey } from "./samples.ts";

export interface ImageInputOptions {
  /** Pixels per side of the image (default 28, as MNIST). */
  size?: number;
  /** The sample to start from (default "seven"). */
  sample?: string;
  label?: string;
  /** Screen pixels per image pixel (default: about 224 pixels on a side). */
  zoom?: number;
}

/**
 * Paints grey levels onto the visible canvas. Headless (an exported report), where there is no
 * canvas, the picture goes inside the canvas as SVG: a browser shows a canvas's content in its
 * place when JavaScript is off, so the static report shows the image.
 */
function paint(canvas: HTMLCanvasElement, data: Float32Array, size: number): void {
  if (!hasCanvas()) {
    canvas.replaceChildren(greySvg(data, size, canvas.style.width));
    return;
  }
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext("2d");
  if (!context) return;
  const pixels = context.createImageData(size, size);
  for (let i = 0; i < data.length; i++) {
    const v = Math.round(255 * Math.max(0, Math.min(1, data[i])));
    pixels.data.set([v, v, v, 255], i * 4);
  }
  context.putImageData(pixels, 0, 0);
}

/** Grey levels as an SVG of `width` on a side: black ground, a square per pixel that is not black. */
function greySvg(data: Float32Array, size: number, width: string): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  for (const [k, v] of Object.entries({ viewBox: `0 0 ${size} ${size}`, width, height: width, "shape-rendering": "crispEdges" })) svg.setAttribute(k, v);
  const ground = svg.appendChild(document.createElementNS(ns, "rect"));
  for (const [k, v] of Object.entries({ width: String(size), height: String(size), fill: "#000" })) ground.setAttribute(k, v);
  for (let i = 0; i < data.length; i++) {
    const v = Math.round(255 * Math.max(0, Math.min(1, data[i])));
    if (v === 0) continue;
    const pixel = svg.appendChild(document.createElementNS(ns, "rect"));
    const attributes = { x: String(i % size), y: String(Math.floor(i / size)), width: "1", height: "1", fill: `rgb(${v},${v},${v})` };
    for (const [k, value] of Object.entries(attributes)) pixel.setAttribute(k, value);
  }
  return svg;
}

/** An uploaded picture scaled to size × size and turned to grey levels. */
async function readPicture(file: File, size: number): Promise<Float32Array> {
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement("canvas");
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext("2d")!;
  context.drawImage(bitmap, 0, 0, size, size);
  return toGrey(context.getImageData(0, 0, size, size).data, size);
}

/**
 * An input image [1, 1, size, size]: draw on it with the pointer, pick a bundled sample, or
 * upload a picture. Its value is the image tensor, a new layer value after each change.
 */
export function imageInputFactory(upload: (t: Tensor) => LayerValue) {
  return function imageInput(options: ImageInputOptions = {}): InputElement<LayerValue> {
    let size = options.size ?? 28;
    if (!Number.isInteger(size) || size < 2 || size > 256) throw new Error(`imageInput: expected a size from 2 to 256, got ${options.size}`);
    // Screen pixels per image pixel: about 224 on a side, whatever the image's size.
    const zoomFor = (n: number) => options.zoom ?? Math.max(2, Math.floor(224 / n));
    const label = options.label ?? "input image";
    let { size: own, data } = sampleImage(options.sample ?? "seven", size);
    size = own;
    const make = () => upload({ shape: [1, 1, size, size], data: Float32Array.from(data) });
    let current = make();

    const root = element("div", { class: "scanbook-input image-input", role: "group", "aria-label": label }, { font: "13px system-ui, sans-serif" });
    const bar = root.appendChild(element("div", {}, { display: "flex", gap: "8px", alignItems: "center", flexWrap: "wrap", marginBottom: "6px" }));
    const pick = bar.appendChild(element("select", { "aria-label": `${label}: sample` })) as HTMLSelectElement;
    for (const name of SAMPLE_NAMES) Object.assign(pick.appendChild(element("option", { value: name })), { textContent: name });
    pick.value = options.sample ?? "seven";
    const clear = bar.appendChild(element("button", { type: "button" })) as HTMLButtonElement;
    clear.textContent = "clear";
    const file = bar.appendChild(element("input", { type: "file", accept: "image/*", "aria-label": `${label}: upload a picture` })) as HTMLInputElement;
    const canvas = root.appendChild(
      element(
        "canvas",
        { role: "img", "aria-label": `${label}, ${size} × ${size}: draw with the pointer` },
        {
          width: `${size * zoomFor(size)}px`,
          height: `${size * zoomFor(size)}px`,
          imageRendering: "pixelated",
          background: "#000",
          cursor: "crosshair",
          touchAction: "none",
          display: "block",
        },
      ),
    ) as HTMLCanvasElement;

    const changed = oncePerFrame(() => {
      current = make();
      announce(root);
    });
    const redraw = () => paint(canvas, data, size);
    const replace = (next: { size: number; data: Float32Array }) => {
      size = next.size;
      data = next.data;
      canvas.style.width = canvas.style.height = `${size * zoomFor(size)}px`;
      canvas.setAttribute("aria-label", `${label}, ${size} × ${size}: draw with the pointer`);
      redraw();
      changed();
    };
    let drawing = false;
    const ink = (e: PointerEvent) => {
      const box = canvas.getBoundingClientRect();
      dab(data, size, ((e.clientY - box.top) / box.height) * size, ((e.clientX - box.left) / box.width) * size);
      redraw();
      changed();
    };
    canvas.addEventListener("pointerdown", (e) => {
      drawing = true;
      canvas.setPointerCapture(e.pointerId);
      ink(e);
    });
    canvas.addEventListener("pointermove", (e) => {
      if (drawing) ink(e);
    });
    canvas.addEventListener("pointerup", () => {
      drawing = false;
    });
    pick.addEventListener("input", (e) => {
      e.stopPropagation();
      replace(sampleImage(pick.value, options.size ?? 28));
    });
    clear.addEventListener("click", () => replace({ size, data: new Float32Array(size * size) }));
    file.addEventListener("input", (e) => e.stopPropagation());
    file.addEventListener("change", () => {
      const picture = file.files?.[0];
      if (!picture) return;
      const want = options.size ?? 28;
      readPicture(picture, want).then(
        (grey) => replace({ size: want, data: grey }),
        (error: Error) => {
          canvas.setAttribute("aria-label", `${label}: could not read ${picture.name}: ${error.message}`);
        },
      );
    });
    redraw();
    return withValue(
      root,
      () => current,
      () => {
        throw new Error("imageInput: the value is set by drawing, a sample or an upload");
      },
    );
  };
}
