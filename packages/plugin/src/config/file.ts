import type * as Yaml from 'yaml';
import type { ConfigProblem } from './errors.js';

const { readFileSync } = process.getBuiltinModule('node:fs');
const { createRequire } = process.getBuiltinModule('node:module');

/**
 * The `yaml` package, loaded at the first YAML file: a service configured in code and through the
 * environment never reads one, and the parser is 70 modules' worth of start-up time (`node
 * bench/run.mjs --only cold-start`). `yaml` is CommonJS under Node, so `require` gives the same
 * copy an `import` would.
 */
let yamlModule: typeof Yaml | undefined;
function yaml(): typeof Yaml {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yamlModule;
}

/** A YAML config file, parsed, with a way to find the line of any key. */
export interface FileLayer {
  readonly layer: unknown;
  readonly problems: ConfigProblem[];
  /** `file:line:col` of the value at `path`, or of `unknownKey` inside it. */
  locate(path: readonly PropertyKey[], unknownKey?: string): string;
}

/**
 * Reads and parses a YAML config file. A missing file, a syntax error or a top level that is not
 * a mapping are problems naming the file (and line), not exceptions.
 */
export function readFileLayer(path: string): FileLayer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    return {
      layer: {},
      problems: [{ source: path, key: '', message: reason }],
      locate: () => path,
    };
  }
  return parseYamlLayer(text, path);
}

/** Parses YAML text as a config layer; `name` is used in locations. */
export function parseYamlLayer(text: string, name: string): FileLayer {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return name;
    const { line, col } = lineCounter.linePos(offset);
    return `${name}:${line}:${col}`;
  };
  const problems: ConfigProblem[] = doc.errors.map((e) => ({
    source: at(e.pos[0]),
    key: '',
    message: `YAML syntax error: ${e.message.split('\n')[0]}`,
  }));
  const locate = (path: readonly PropertyKey[], unknownKey?: string) =>
    at(offsetOf(doc, path, unknownKey));
  if (problems.length) return { layer: {}, problems, locate };
  const layer: unknown = doc.toJS() ?? {};
  if (typeof layer !== 'object' || Array.isArray(layer)) {
    problems.push({ source: at(0), key: '', message: 'expected a mapping at the top level' });
    return { layer: {}, problems, locate };
  }
  return { layer, problems, locate };
}

function offsetOf(
  doc: Yaml.Document,
  path: readonly PropertyKey[],
  unknownKey?: string,
): number | undefined {
  const node = doc.getIn(path as unknown[], true) as
    { range?: [number, number, number] } | undefined;
  const { isMap, isScalar } = yaml();
  if (unknownKey !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === unknownKey);
    const key = pair?.key as { range?: [number, number, number] } | undefined;
    if (key?.range) return key.range[0];
  }
  if (node?.range) return node.range[0];
  // The key itself may be absent (a missing required field): point at the nearest parent.
  return path.length ? offsetOf(doc, path.slice(0, -1)) : undefined;
}
