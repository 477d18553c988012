// The engine's WebAssembly kernels (built by scripts/build_wasm.ts into a module the tensor
// engine loads; kernel/tensor/wasm/*.ts call them).
export { convForward } from "./conv";
export { convGradInput, convGradWeight } from "./conv_grad";
export { reluBackward, reluForward } from "./elementwise";
export { sigmoidBackward, sigmoidForward, tanhBackward, tanhForward } from "./smooth";
export { gemm } from "./gemm";
export { copy, phasePlanes, unphasePlanes, zero } from "./planes";
export { peakMultiplyAdds } from "./peak";
export { maxPoolBackward, maxPoolForward } from "./pool";
