/**
 * Sums the values of every sample line of `name` in a Prometheus text or OpenMetrics body
 * (`name{labels} value [timestamp]`). Used to check that a benchmark recorded what it claims.
 */
export function sumSamples(body: string, name: string): number {
  let sum = 0;
  for (const line of body.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    const afterLabels = rest[0] === '{' ? rest.slice(rest.lastIndexOf('}') + 1) : rest;
    sum += Number(afterLabels.trim().split(' ')[0]);
  }
  return sum;
}

/** Counts sample lines (not comments, not blank) whose metric name starts with `prefix`. */
export function countSamples(body: string, prefix: string): number {
  let count = 0;
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    if (body.startsWith(prefix, start)) count++;
    start = end + 1;
  }
  return count;
}
