import { describe, expect, it } from "vitest";
import { dab, LECTURE_IMAGE, sampleImage, SAMPLE_NAMES, toGrey } from "../../../cells/inputs/samples.ts";

describe("sampleImage", () => {
  it("gives the lecture's 5 × 5 binary image exactly, whatever size is asked", () => {
    const s = sampleImage("lecture 5 × 5", 28);
    expect(s.size).toBe(5);
    expect(Array.from(s.data)).toEqual(LECTURE_IMAGE.flat());
  });

  it("draws digit-like strokes: ink in [0, 1], on the stroke and not in the corners", () => {
    for (const name of SAMPLE_NAMES.filter((n) => n !== "lecture 5 × 5" && n !== "blank")) {
      const { data } = sampleImage(name, 28);
      expect(Math.max(...data), name).toBe(1);
      expect(Math.min(...data), name).toBe(0);
      expect(data[0] + data[27] + data[27 * 28] + data[28 * 28 - 1], name).toBe(0);
    }
    const bar = sampleImage("vertical bar", 28).data;
    expect(bar[14 * 28 + 14]).toBe(1); // the centre of the bar
    expect(bar[14 * 28 + 4]).toBe(0);
  });

  it("throws on an unknown sample, naming the ones there are", () => {
    expect(() => sampleImage("eight", 28)).toThrow(/imageInput: no sample "eight"; the samples are seven, one, zero/);
  });
});

describe("dab and toGrey", () => {
  it("dab adds ink around a point, capped at 1, and stays inside the image", () => {
    const data = new Float32Array(100);
    dab(data, 10, 0, 0, 1.5);
    dab(data, 10, 0, 0, 1.5);
    expect(data[0]).toBe(1);
    expect(Math.max(...data)).toBe(1);
    expect(data[99]).toBe(0);
  });

  it("toGrey turns dark ink on light paper into bright ink on dark, and keeps bright-on-dark", () => {
    const paper = [255, 255, 255, 255],
      ink = [0, 0, 0, 255];
    expect(Array.from(toGrey([...paper, ...paper, ...paper, ...ink], 2))).toEqual([0, 0, 0, 1]);
    expect(Array.from(toGrey([...ink, ...ink, ...ink, ...paper], 2))).toEqual([0, 0, 0, 1]);
  });
});
