import { attributesKey } from './dist/attributes.js';
const M = ['GET', 'POST', 'PUT', 'DELETE'],
  S = ['200', '404'];
const m = new Map();
function benchLoop(n) {
  let x = 0;
  for (let i = 0; i < n; i++) {
    const k = attributesKey({
      method: M[i & 3],
      route: '/api/items',
      status_code: S[(i >> 2) & 1],
    });
    let v = m.get(k);
    if (v === undefined) m.set(k, (v = { n: 0 }));
    v.n++;
  }
  return x;
}
for (let k = 0; k < 5; k++) {
  const n = 2e6;
  const t = process.hrtime.bigint();
  benchLoop(n);
  console.log(Number(process.hrtime.bigint() - t) / n, 'ns/call');
}
function pk(labels) {
  let keys = Object.keys(labels);
  if (keys.length > 1) keys = keys.sort();
  let h = '';
  for (const key of keys) h += `${key}:${labels[key]},`;
  return h;
}
function benchLoop2(n) {
  for (let i = 0; i < n; i++) {
    const k = pk({ method: M[i & 3], route: '/api/items', status_code: S[(i >> 2) & 1] });
    let v = m.get(k);
    if (v === undefined) m.set(k, (v = { n: 0 }));
    v.n++;
  }
}
for (let k = 0; k < 3; k++) {
  const n = 2e6;
  const t = process.hrtime.bigint();
  benchLoop2(n);
  console.log('prom-style', Number(process.hrtime.bigint() - t) / n, 'ns/call');
}
