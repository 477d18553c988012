import { erf as erfValue } from "../erf.ts";
import { elementwise } from "../factories/elementwise.ts";

/** erf(x), the error function (torch.erf); d/dx erf(x) = 2/√π · e^(-x²). An ONNX model's exact GELU is written with it. */
export const erf = elementwise("erf", erfValue, (g, x) => g * (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x));
