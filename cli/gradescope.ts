import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "./package_root.ts";

/** Run once by Gradescope when it builds the autograder's image (from the folder it unzipped). */
const SETUP = `#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image.
set -euo pipefail
cd "$(dirname "$0")"
apt-get update
apt-get install -y nodejs npm
# scanbook needs Node 20 or later; where the image's own is older, n installs Node 20.
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  npm install -g n
  n 20
  hash -r
fi
mkdir -p scanbook
tar -xzf scanbook-*.tgz -C scanbook --strip-components=1
# The lockfile the course tested with, when it came along; the package itself is built.
if [ -f package-lock.json ]; then
  cp package-lock.json scanbook/
  (cd scanbook && npm ci --omit=dev --ignore-scripts)
else
  (cd scanbook && npm install --omit=dev --ignore-scripts)
fi
`;

/**
 * Run by Gradescope for each submission: the student's files are in submission/, the score
 * goes to results/results.json. AUTOGRADER_ROOT and SCANBOOK_HOME let it run outside
 * Gradescope (the tests run it on a folder laid out the same way).
 */
const RUN = `#!/usr/bin/env bash
set -uo pipefail
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
SCANBOOK="\${SCANBOOK_HOME:-$ROOT/source/scanbook}"
mkdir -p "$ROOT/results"
notebook="$(grep -rl --include='*.html' '@exercise' "$ROOT/submission" 2>/dev/null | head -n 1)"
if [ -z "$notebook" ]; then
  echo '{"score": 0, "output": "No assignment notebook found in the submission: upload the .html file of the notebook."}' > "$ROOT/results/results.json"
  exit 0
fi
out="$(mktemp -d)"
node "$SCANBOOK/bin/scanbook.js" grade "$ROOT/source/assignment.json" "$notebook" -o "$out" --jobs 1
cp "$out"/*/results.json "$ROOT/results/results.json"
`;

/** Writes the autograder's files (the bundle is copied beside them by the caller). */
export function writeGradescope(dir: string, pack = true): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "setup.sh"), SETUP);
  writeFileSync(join(dir, "run_autograder"), RUN);
  chmodSync(join(dir, "setup.sh"), 0o755);
  chmodSync(join(dir, "run_autograder"), 0o755);
  if (!pack) return;
  // scanbook itself, as npm packs it (built: a checkout's prepack builds it; an installed
  // package is built already), and the lockfile where there is one, so the image installs
  // the versions tested here.
  const root = packageRoot();
  const built = !existsSync(join(root, "cli/main.ts"));
  const packed = spawnSync("npm", ["pack", "--silent", ...(built ? ["--ignore-scripts"] : []), "--pack-destination", dir], { cwd: root, encoding: "utf8" });
  if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr.trim().split("\n").pop()}`);
  if (existsSync(join(root, "package-lock.json"))) copyFileSync(join(root, "package-lock.json"), join(dir, "package-lock.json"));
}
