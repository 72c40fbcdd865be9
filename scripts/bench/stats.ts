// Small statistics for `npm run bench`: medians resist the noise of a shared 2-core machine better than means.

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) {
    throw new Error('cannot summarize no values');
  }
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

export interface LinearFit {
  readonly interceptMs: number;
  readonly slopeMsPerStack: number;
  readonly rSquared: number;
}

/** Ordinary least squares of y on x. */
export function fitLine(points: readonly { readonly x: number; readonly y: number }[]): LinearFit {
  if (points.length < 2) {
    throw new Error('a line needs at least two points');
  }
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / points.length;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / points.length;
  const sxx = points.reduce((sum, point) => sum + (point.x - meanX) ** 2, 0);
  const sxy = points.reduce((sum, point) => sum + (point.x - meanX) * (point.y - meanY), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = meanY - slope * meanX;
  const ssTotal = points.reduce((sum, point) => sum + (point.y - meanY) ** 2, 0);
  const ssResidual = points.reduce((sum, point) => sum + (point.y - (intercept + slope * point.x)) ** 2, 0);
  return { interceptMs: intercept, slopeMsPerStack: slope, rSquared: ssTotal === 0 ? 1 : 1 - ssResidual / ssTotal };
}
