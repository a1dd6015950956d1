import type { Attributes } from '@opentelemetry/api';
import { attributeToString, escapeLabelValue } from './escape.js';
import { escapeLabelName, isLegacyLabelName, quoteName, type NameEscaping } from './escaping.js';
import { keyedPairs, shapedBlock } from './label-shapes.js';
import { sanitizeLabelName, type FamilyKind } from './names.js';

/**
 * How attribute keys become label names: `legacy` is the Collector's rule (the default strategy);
 * with a UTF-8 strategy, keys stay as they are, quoted when the legacy syntax cannot hold them
 * (`allow-utf-8`) or escaped with the scraper's scheme.
 */
export type LabelNaming = 'legacy' | NameEscaping;

/**
 * Label names the exporter itself writes on a series, which an attribute must not take: `le` on
 * histogram samples, `quantile` on summary samples, the scope labels when they are on, and `__name__` always. An attribute whose label would be one of
 * them is written as `exported_<label>` instead (Prometheus's own rule for target labels a scrape
 * also carries, `exported_job`), so the body never has a duplicate label: a duplicate makes
 * Prometheus reject the whole scrape and mark the target down.
 */
export interface ReservedLabels {
  /** Distinguishes this set in the label-block cache. */
  readonly id: string;
  readonly names: ReadonlySet<string>;
  /** How attribute keys become label names. @default 'legacy' */
  readonly naming?: LabelNaming;
}

/**
 * The reserved labels of a family of `kind`: a histogram adds `le`, a summary `quantile`,
 * `scopeLabels` the two scope labels; `naming` says how keys become label names (part of the
 * block cache's key).
 */
export function reservedLabels(
  kind: FamilyKind,
  scopeLabels: boolean,
  naming: LabelNaming = 'legacy',
): ReservedLabels {
  const own = kind === 'histogram' ? 2 : kind === 'summary' ? 4 : 0;
  const base = RESERVED[own + (scopeLabels ? 1 : 0)]!;
  if (naming === 'legacy') return base;
  const id = `${base.id}/${naming}`;
  let found = WITH_NAMING.get(id);
  if (!found) {
    found = { id, names: base.names, naming };
    WITH_NAMING.set(id, found);
  }
  return found;
}

const WITH_NAMING = new Map<string, ReservedLabels>();

const SCOPE_LABELS = ['otel_scope_name', 'otel_scope_version'];
// `__name__` is the metric name itself in Prometheus: an attribute never sets it.
const RESERVED: readonly ReservedLabels[] = [
  { id: 'none', names: new Set(['__name__']) },
  { id: 'scope', names: new Set(['__name__', ...SCOPE_LABELS]) },
  { id: 'le', names: new Set(['__name__', 'le']) },
  { id: 'le+scope', names: new Set(['__name__', 'le', ...SCOPE_LABELS]) },
  { id: 'quantile', names: new Set(['__name__', 'quantile']) },
  { id: 'quantile+scope', names: new Set(['__name__', 'quantile', ...SCOPE_LABELS]) },
];
const NO_RESERVED = RESERVED[0]!;

/**
 * The label block of an attribute set: `k1="v1",k2="v2",` (with a trailing comma, or '' when
 * empty), ready to be followed by more labels or the closing brace. Sanitised keys that collide
 * (`a.b` and `a_b`) are joined with `;` in key order, per the OTel compatibility spec; a key whose
 * label is `reserved` becomes `exported_<label>`.
 *
 * Built per call from the label names of the set's shape (see `shapedBlock`), so nothing is kept
 * per series; the last block is remembered, for the serializer asks for a point's block more than
 * once. The rare sets the shape path does not take (arrays, empty or null values, colliding keys)
 * are built the general way and cached per attribute object (a weak map: the SDK and the engine
 * hand out the same object for a series on every collection).
 */
export function labelBlock(attributes: Attributes, reserved: ReservedLabels = NO_RESERVED): string {
  if (attributes === lastAttributes && reserved === lastReserved) return lastBlock;
  let block = shapedBlock(attributes, reserved.id, reservedLabelName, reserved);
  if (block === undefined) {
    let cache = caches.get(reserved.id);
    if (cache === undefined) {
      cache = new WeakMap();
      caches.set(reserved.id, cache);
    }
    block = cache.get(attributes);
    if (block === undefined) {
      block = buildBlock(attributes, reserved.names, reserved.naming ?? 'legacy');
      cache.set(attributes, block);
    }
  }
  lastAttributes = attributes;
  lastReserved = reserved;
  lastBlock = block;
  return block;
}

/**
 * The label pairs of a key-held series (the engine's `PointSource.keyAt`: the set's values in
 * `names` order joined by NUL): the block {@link labelBlock} writes for the set without its
 * trailing comma (a key-held set has at least one label); undefined when only the set can give
 * it (then build the set: `attributesAt`). The last pairs are remembered, as {@link labelBlock}'s
 * block is.
 */
export function keyLabelPairs(
  key: string,
  names: readonly string[],
  reserved: ReservedLabels = NO_RESERVED,
): string | undefined {
  if (key === lastKey && names === lastNames && reserved === lastKeyReserved) return lastKeyPairs;
  const pairs = keyedPairs(key, names, reserved.id, reservedLabelName, reserved);
  if (pairs === undefined) return undefined;
  lastKey = key;
  lastNames = names;
  lastKeyReserved = reserved;
  lastKeyPairs = pairs;
  return pairs;
}

let lastKey: string | undefined;
let lastNames: readonly string[] | undefined;
let lastKeyReserved: ReservedLabels | undefined;
let lastKeyPairs = '';

let lastAttributes: Attributes | undefined;
let lastReserved: ReservedLabels | undefined;
let lastBlock = '';

function reservedLabelName(key: string, reserved: ReservedLabels): string {
  return labelName(key, reserved.names, reserved.naming ?? 'legacy');
}

/** The label an attribute key becomes: sanitised or escaped, `exported_` when reserved. */
function labelName(key: string, reserved: ReadonlySet<string>, naming: LabelNaming): string {
  const sanitized = naming === 'legacy' ? sanitizeLabelName(key) : escapeLabelName(key, naming);
  return reserved.has(sanitized) ? `exported_${sanitized}` : sanitized;
}

const caches = new Map<string, WeakMap<Attributes, string>>();
/** Attribute sets whose block left out an empty-valued label (see {@link omitsEmptyLabel}). */
const omittedEmpty = new WeakSet<Attributes>();

/**
 * True when the block of `attributes` (already built by {@link labelBlock}) left out a label whose
 * value was empty: Prometheus reads `k=""` as no label `k`, so that series may equal another one
 * of the same stream and the caller must check.
 */
export function omitsEmptyLabel(attributes: Attributes): boolean {
  return omittedEmpty.has(attributes);
}

function buildBlock(
  attributes: Attributes,
  reserved: ReadonlySet<string>,
  naming: LabelNaming,
): string {
  // An empty value is written as no label: Prometheus makes no difference between the two.
  const keys = Object.keys(attributes);
  if (keys.length === 0) return '';
  const byLabel = new Map<string, string[]>();
  for (const key of keys.sort()) {
    const value = attributes[key];
    if (value === undefined || value === null) continue;
    const label = labelName(key, reserved, naming);
    const values = byLabel.get(label);
    if (values) values.push(attributeToString(value));
    else byLabel.set(label, [attributeToString(value)]);
  }
  // Joined, not appended: `+=` would keep a chain of string pieces alive for as long as the
  // block is cached (about 3x the memory of the one flat string `join` makes).
  const parts: string[] = [];
  for (const [label, values] of byLabel) {
    const value = values.join(';');
    if (value === '') {
      omittedEmpty.add(attributes);
      continue;
    }
    const name = isLegacyLabelName(label) ? label : quoteName(label);
    parts.push(`${name}="${escapeLabelValue(value)}",`);
  }
  return parts.join('');
}

/** Labels built from fixed pairs (scope labels, target_info), same format as {@link labelBlock}. */
export function pairsBlock(pairs: ReadonlyArray<readonly [string, string]>): string {
  let out = '';
  for (const [label, value] of pairs) out += `${label}="${escapeLabelValue(value)}",`;
  return out;
}

/** `{block}` without the trailing comma, or '' for no labels. */
export function braces(block: string): string {
  return block === '' ? '' : `{${block.slice(0, -1)}}`;
}
