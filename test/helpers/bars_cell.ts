/**
 * A notebook cell that makes its own data: 96 bars on 8 × 8 noise, class 1 vertical, class 0
 * horizontal (`data.x` flat, `data.y` the classes).
 */
export const BARS_CELL = `const data = (() => {
  let s = 7; const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const x = [], y = [];
  for (let i = 0; i < 96; i++) {
    const c = r() < 0.5 ? 1 : 0, at = 1 + Math.floor(r() * 6), img = Array.from({length: 64}, () => 0.2 * r());
    for (let j = 1; j < 7; j++) img[c ? j * 8 + at : at * 8 + j] += 1;
    x.push(...img); y.push(c);
  }
  return {x, y};
})()`;
