/**
 * Learning-rate schedules of torch.optim.lr_scheduler, as the learning rate of each epoch (the
 * schedule steps after every epoch): step_lr (stepSize, gamma = 0.1), multi_step_lr
 * (milestones, gamma = 0.1), exponential_lr (gamma), cosine_annealing_lr (tMax, etaMin = 0; it
 * rises again past tMax, as PyTorch's does).
 */
export type ScheduleName = "step_lr" | "multi_step_lr" | "exponential_lr" | "cosine_annealing_lr";

const OPTIONS: Record<ScheduleName, string[]> = {
  step_lr: ["stepSize", "gamma"],
  multi_step_lr: ["milestones", "gamma"],
  exponential_lr: ["gamma"],
  cosine_annealing_lr: ["tMax", "etaMin"],
};

/** A function from the epoch (0, 1, ...) to its learning rate; bad options fail naming the schedule. */
export function schedule(kind: string, baseLr: number, options: Record<string, unknown>, who = "train"): (epoch: number) => number {
  if (!(kind in OPTIONS)) throw new Error(`${who}: unknown schedule ${JSON.stringify(kind)} (expected step_lr, multi_step_lr, exponential_lr or cosine_annealing_lr)`);
  const allowed = OPTIONS[kind as ScheduleName];
  for (const key of Object.keys(options)) {
    if (key !== "kind" && !allowed.includes(key)) throw new Error(`${who}: unknown option ${key} for ${kind} (it takes ${allowed.join(", ")})`);
  }
  const number = (key: string, fallback?: number, min = 0): number => {
    const v = options[key] ?? fallback;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min) throw new Error(`${who}: ${kind}'s ${key} must be a number >= ${min}, got ${JSON.stringify(v)}`);
    return v;
  };
  switch (kind as ScheduleName) {
    case "step_lr": {
      const step = number("stepSize", undefined, 1),
        gamma = number("gamma", 0.1);
      return (e) => baseLr * gamma ** Math.floor(e / step);
    }
    case "multi_step_lr": {
      const milestones = options.milestones;
      if (!Array.isArray(milestones) || milestones.some((m) => typeof m !== "number" || !Number.isInteger(m) || m < 0)) {
        throw new Error(`${who}: multi_step_lr's milestones must be a list of epochs, got ${JSON.stringify(milestones)}`);
      }
      const gamma = number("gamma", 0.1);
      return (e) => baseLr * gamma ** milestones.filter((m: number) => m <= e).length;
    }
    case "exponential_lr": {
      const gamma = number("gamma");
      return (e) => baseLr * gamma ** e;
    }
    case "cosine_annealing_lr": {
      const tMax = number("tMax", undefined, 1),
        etaMin = number("etaMin", 0);
      return (e) => etaMin + ((baseLr - etaMin) * (1 + Math.cos((Math.PI * e) / tMax))) / 2;
    }
  }
}
