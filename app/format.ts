/** A tensor statistic as the page and the reports print it: three decimals, or exponent form when tiny or huge. */
export const formatStat = (x: number) => (Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : x.toFixed(3));
