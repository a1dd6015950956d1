/**
 * zod, as Meterline's packages use it: they take `z` from here, not from `zod`, so that a process
 * holds one copy of it on Meterline's side. In a tsc build this is `zod` itself; bundled
 * (scripts/bundle-packages.mjs), this package carries the parts of zod it uses, one module instead
 * of zod's 71 (48 of them locales): about 60 ms less before a service's first scrape (bench
 * section "Cold start"). Plug-ins built on their own `zod` keep working: zod 4 schemas from
 * different copies compose and parse together (`instanceof` checks traits, not classes).
 */
export { z } from 'zod';
