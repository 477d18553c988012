import type { Engine, Run } from "../../kernel/dataflow/engine.ts";
import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import { expectOptions } from "../arguments.ts";
import { mnistSplit } from "./mnist.ts";
import { PATTERN_FRAMES, patternEnergy, recording } from "../inputs/recordings.ts";
import { patternImages, patternRecordings, type LabelledSet } from "./synthetic.ts";

export interface Dataset {
  /** Inputs and labels to train on, and held-out ones to check on. */
  x: LayerValue;
  y: LayerValue;
  testX: LayerValue;
  testY: LayerValue;
  /**
   * The first few training examples as tensors of their own: the batch to build the network
   * on (`train` swaps in real batches for these leaves).
   */
  sample: { x: LayerValue; y: LayerValue };
  /** Where the pattern is in each held-out example (synthetic sets; -1: none). */
  testAt?: Int32Array;
}

const SAMPLE = 8;

/**
 * The notebook's datasets, as tensors in the engine: seeded synthetic images and recordings
 * with a target pattern at a random place, and the MNIST digits. The held-out part never
 * overlaps the training part.
 */
export function datasetFunctions(engine: Engine, run: () => Run) {
  const upload = (owner: Run, set: { x: Float32Array; y: Float32Array }, shape: number[]) => ({
    x: engine.upload(owner, { shape, data: set.x }),
    y: engine.upload(owner, { shape: [shape[0]], data: set.y }),
  });
  const sampleOf = (owner: Run, set: { x: Float32Array; y: Float32Array }, shape: number[]) => {
    const k = Math.min(SAMPLE, shape[0]),
      row = set.x.length / shape[0];
    return upload(owner, { x: set.x.slice(0, k * row), y: set.y.slice(0, k) }, [k, ...shape.slice(1)]);
  };
  const synthetic = (make: (o: { n: number; seed: number }) => LabelledSet, who: string, options: unknown): Dataset => {
    const o = expectOptions(options, who) as { train?: number; test?: number; seed?: number };
    const owner = run();
    const seed = o.seed ?? 0;
    const train = make({ n: o.train ?? 256, seed }),
      test = make({ n: o.test ?? 128, seed: seed + 7919 });
    const sample = sampleOf(owner, train, train.shape); // first: uploading hands the buffers over
    const a = upload(owner, train, train.shape),
      b = upload(owner, test, test.shape);
    return { x: a.x, y: a.y, testX: b.x, testY: b.y, sample, testAt: test.at };
  };
  return {
    /** Noise images [N, 1, size, size], half with a plus-shaped pattern somewhere; labels 1/0. */
    patternImages: (options: { train?: number; test?: number; size?: number; seed?: number; noise?: number } = {}) => synthetic((o) => patternImages({ ...options, ...o }), "patternImages", options),
    /** Recordings [N, channels, frames], half with the target word somewhere; labels 1/0. */
    patternRecordings: (options: { train?: number; test?: number; channels?: number; frames?: number; seed?: number } = {}) =>
      synthetic((o) => patternRecordings({ ...options, ...o }), "patternRecordings", options),
    /** The target "word" alone: [channels, 24 frames] of energy, as the recordings hold it. */
    wordPattern: (options: { channels?: number } = {}) => {
      const { channels = 16 } = expectOptions(options, "wordPattern") as { channels?: number };
      const data = new Float32Array(channels * PATTERN_FRAMES);
      for (let c = 0; c < channels; c++) for (let t = 0; t < PATTERN_FRAMES; t++) data[c * PATTERN_FRAMES + t] = patternEnergy(c, t, channels);
      return engine.upload(run(), { shape: [channels, PATTERN_FRAMES], data });
    },
    /** One recording [1, channels, frames] with the word at frame `patternAt` (null: none); the same seed, the same noise. */
    wordRecording: (options: { channels?: number; frames?: number; patternAt?: number | null; seed?: number } = {}) => {
      const r = recording(expectOptions(options, "wordRecording") as Parameters<typeof recording>[0]);
      return engine.upload(run(), { shape: [1, r.channels, r.frames], data: r.data });
    },
    /** MNIST digits from the `mnist` package: [N, 1, 28, 28] in [0, 1] and labels 0–9. */
    async mnist(options: { train?: number; test?: number; seed?: number } = {}): Promise<Dataset> {
      const owner = run(); // before the await: the tensors are this cell's
      const { train, test } = await mnistSplit(options);
      const shape = [train.count, 1, 28, 28];
      const sample = sampleOf(owner, train, shape); // first: uploading hands the buffers over
      const a = upload(owner, train, shape),
        b = upload(owner, test, [test.count, 1, 28, 28]);
      return { x: a.x, y: a.y, testX: b.x, testY: b.y, sample };
    },
  };
}
