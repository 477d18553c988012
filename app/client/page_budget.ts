import { DEFAULT_TENSOR_BUDGET_BYTES } from "../../kernel/dataflow/tensor_budget.ts";

/**
 * One tensor in a page may take a quarter of the device's memory as the browser reports it
 * (Chromium's navigator.deviceMemory, in GB, capped at 8), or 1 GB where it does not say.
 */
export function pageTensorBudget(): number {
  const gigabytes = (navigator as { deviceMemory?: number }).deviceMemory;
  return Math.min(DEFAULT_TENSOR_BUDGET_BYTES, gigabytes ? (gigabytes * 1e9) / 4 : 1e9);
}
