/**
 * zod, as Meterline's packages use it: they take `z` from here, not from `zod`, so that a process
 * holds one copy of it on Meterline's side. In a tsc build this is `zod` itself; bundled
 * (scripts/bundle-packages.mjs), this package carries the parts of zod it uses, one module instead
 * of zod's 71 (48 of them locales): about 60 ms less before a service's first scrape (bench
 * section "Cold start"). Plug-ins built on their own `zod` keep working: zod 4 schemas from
 * different copies compose and parse together (`instanceof` checks traits, not classes).
 *
 * Bundled, that module is a file of its own, loaded at the first use of `z` (this export is then a
 * stand-in, ./on-first-use.ts): a service whose configuration is checked without zod never loads
 * it. Nothing in this package may use `z` when it is imported.
 */
export { z } from 'zod';
