/**
 * The authoring markup of an assignment, in comment lines so a notebook stays a plain
 * notebook that opens anywhere (nbgrader and otter-grader mark cells the same way):
 *
 *   // @exercise conv1d          a cell the student writes; graded by its name, wherever it is
 *   // @given                    code the exercises may call; the grader uses the assignment's copy
 *   // @check [hidden] [points=N]  a check cell: check(title, fn, {configs, random, tolerance, feedback})
 *   // @instructor               a cell left out of the student's notebook
 *
 * Inside an exercise, the lines between `// BEGIN SOLUTION` and `// END SOLUTION` are the
 * solution; the student's notebook has a stub there: the region's `// STUB: code` lines
 * uncommented, or, inside a function, a line that throws "not implemented yet".
 */
export type CellRole = { role: "exercise"; name: string } | { role: "given" } | { role: "check"; hidden: boolean; points: number } | { role: "instructor" } | { role: "plain" };

const MARKER = /^[ \t]*\/\/[ \t]*@(exercise|given|check|instructor)\b(.*)$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The first marker line of a cell, read line by line so the time is linear in the cell's
 * length whatever it holds (a regular expression over the whole text with `^\s*` in multiline
 * mode goes quadratic on a cell of blank lines, and the grader reads every student cell).
 */
function markerLine(source: string): RegExpExecArray | null {
  let at = source.indexOf("@");
  for (let start = 0; at !== -1 && start <= source.length; ) {
    let end = source.indexOf("\n", start);
    if (end === -1) end = source.length;
    // Only a line holding an "@" can be a marker line.
    if (at < start) at = source.indexOf("@", start);
    if (at !== -1 && at < end) {
      const match = MARKER.exec(source.slice(start, end).replace(/\r$/, ""));
      if (match) return match;
    }
    start = end + 1;
  }
  return null;
}

/** What a cell is, from its marker line; a malformed marker is an error that quotes it. */
export function cellRole(source: string): CellRole {
  const match = markerLine(source);
  if (!match) return { role: "plain" };
  const [line, role, rest] = [match[0].trim(), match[1], match[2].trim()];
  switch (role) {
    case "exercise":
      if (!IDENTIFIER.test(rest)) throw new Error(`"${line}": an exercise needs a name, e.g. // @exercise conv1d`);
      return { role, name: rest };
    case "check": {
      let hidden = false,
        points = 1;
      for (const word of rest.split(/\s+/).filter(Boolean)) {
        const p = /^points=(\d+(?:\.\d+)?)$/.exec(word);
        if (word === "hidden") hidden = true;
        else if (p) points = Number(p[1]);
        else throw new Error(`"${line}": unknown word "${word}" (a check line takes "hidden" and "points=N")`);
      }
      return { role, hidden, points };
    }
    default:
      if (rest) throw new Error(`"${line}": @${role} takes nothing after it`);
      return { role } as CellRole;
  }
}

const FUNCTION = /^\s*(?:export\s+)?(?:async\s+)?function\*?\s+([A-Za-z_$][\w$]*)/;
/**
 * A cell's role as the student's side reads it (a page, a submission): a marker the student
 * broke makes the cell plain rather than an error, so one typo does not stop the rest.
 */
export function roleOrPlain(source: string): CellRole {
  try {
    return cellRole(source);
  } catch {
    return { role: "plain" };
  }
}

const BEGIN = /^(\s*)\/\/\s*BEGIN SOLUTION\s*$/,
  END = /^\s*\/\/\s*END SOLUTION\s*$/,
  STUB = /^\s*\/\/\s*STUB:\s?(.*)$/;

/** The exercise as the student gets it: each solution region replaced by its stub. */
export function stripSolutions(source: string, exercise: string): string {
  const out: string[] = [];
  let region: { indent: string; stub: string[]; line: number; fn?: string } | undefined;
  source.split("\n").forEach((line, i) => {
    const begin = BEGIN.exec(line);
    if (begin) {
      if (region) throw new Error(`exercise ${exercise}, line ${i + 1}: BEGIN SOLUTION inside another solution region`);
      // The stub names the function it is in, when the region is in one.
      const fn = begin[1]
        ? [...out]
            .reverse()
            .map((l) => FUNCTION.exec(l)?.[1])
            .find(Boolean)
        : undefined;
      region = { indent: begin[1], stub: [], line: i + 1, fn };
    } else if (END.test(line)) {
      if (!region) throw new Error(`exercise ${exercise}, line ${i + 1}: END SOLUTION without BEGIN SOLUTION`);
      // Inside a function the default stub throws; at the top level a throw would break the whole cell.
      const stub = region.stub.length ? region.stub : region.fn ? [`throw new Error("${region.fn}: not implemented yet");`] : [];
      out.push(`${region.indent}// YOUR CODE HERE`, ...stub.map((s) => region!.indent + s));
      region = undefined;
    } else if (region) {
      const stub = STUB.exec(line);
      if (stub) region.stub.push(stub[1]);
    } else {
      out.push(line);
    }
  });
  if (region) throw new Error(`exercise ${exercise}: the solution region opened on line ${region.line} is never closed (// END SOLUTION)`);
  return out.join("\n");
}

export const hasSolution = (source: string) => source.split("\n").some((l) => BEGIN.test(l));
