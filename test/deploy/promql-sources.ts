import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';
import { repoRoot } from '../support/real-parts.js';

/**
 * Every PromQL expression Meterline ships, from the Prometheus rule files and the Grafana
 * dashboards, with Grafana's variables substituted, plus a syntax-level view of each one
 * (through Prometheus' own lezer grammar, the one its web UI uses, at the release of the
 * Prometheus the tests run).
 */

/** Where an expression comes from and what it is for. */
export type ExpressionKind = 'record' | 'alert' | 'panel' | 'variable';

/** One expression, ready to send to Prometheus. */
export interface ShippedExpression {
  /** `rules/job-server.rules.yml: alert JobServerQueueBacklog`, `dashboards/x.json: panel "Queue size" A`. */
  readonly source: string;
  readonly kind: ExpressionKind;
  /** As written in the file. */
  readonly raw: string;
  /** With Grafana variables substituted: what Prometheus is asked. */
  readonly expr: string;
}

export const rulesDir = join(repoRoot, 'deploy', 'prometheus', 'rules');
export const dashboardsDir = join(repoRoot, 'deploy', 'grafana', 'dashboards');

/** Rule files, absolute paths, sorted. */
export function ruleFiles(): string[] {
  return readdirSync(rulesDir)
    .filter((f) => f.endsWith('.rules.yml'))
    .sort()
    .map((f) => join(rulesDir, f));
}

/** Dashboard files, absolute paths, sorted. */
export function dashboardFiles(): string[] {
  return readdirSync(dashboardsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dashboardsDir, f));
}

/** Recording and alerting rule expressions. */
export function ruleExpressions(): ShippedExpression[] {
  return ruleFiles().flatMap((file) => {
    const doc = parse(readFileSync(file, 'utf8')) as {
      groups: { rules: { record?: string; alert?: string; expr: string }[] }[];
    };
    const name = `rules/${file.split('/').pop()}`;
    return doc.groups.flatMap((g) =>
      g.rules.map((r) => ({
        source: r.alert ? `${name}: alert ${r.alert}` : `${name}: record ${r.record}`,
        kind: r.alert ? ('alert' as const) : ('record' as const),
        raw: r.expr,
        expr: r.expr,
      })),
    );
  });
}

/**
 * What the tests substitute for Grafana's built-in variables: windows of at least four scrapes
 * of the test Prometheus (1 s) and of production (15 s, where `$__rate_interval` is 1m).
 */
export const GRAFANA_BUILTINS: Readonly<Record<string, string>> = {
  __rate_interval: '1m',
  __interval: '15s',
  __interval_ms: '15000',
  __range: '5m',
  __range_s: '300',
  __range_ms: '300000',
};

interface Panel {
  title?: string;
  type?: string;
  panels?: Panel[];
  targets?: { expr?: string; refId?: string }[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query?: unknown; allValue?: string }[] };
}

/** A dashboard file, parsed. */
export function loadDashboard(file: string): Dashboard {
  return JSON.parse(readFileSync(file, 'utf8')) as Dashboard;
}

/** Every panel, rows' nested panels included. */
export function panelsOf(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/**
 * Replaces `$name`, `${name}`, `${name:format}` and `[[name]]` by `values[name]`; a variable not
 * in `values` is left as it is (and then fails to parse, which is the point).
 */
export function substitute(expr: string, values: Readonly<Record<string, string>>): string {
  return expr.replace(
    /\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g,
    (whole, braced?: string, bracketed?: string, bare?: string) =>
      values[(braced ?? bracketed ?? bare)!] ?? whole,
  );
}

/** Variables an expression uses, built-ins excluded. */
export function variablesIn(expr: string): string[] {
  return [...expr.matchAll(/\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g)]
    .map((m) => (m[1] ?? m[2] ?? m[3])!)
    .filter((name) => !(name in GRAFANA_BUILTINS));
}

/**
 * Panel targets and `label_values(<selector>, <label>)` variable queries of every dashboard. Query
 * variables are all multi-value with an "All" of `.+`, so they are substituted by their allValue,
 * which matches what "All" selects in Grafana; the `datasource` variable never occurs in PromQL.
 */
export function dashboardExpressions(): ShippedExpression[] {
  return dashboardFiles().flatMap((file) => {
    const dashboard = loadDashboard(file);
    const name = `dashboards/${file.split('/').pop()}`;
    const values: Record<string, string> = { ...GRAFANA_BUILTINS };
    for (const v of dashboard.templating.list) {
      if (v.type === 'query') values[v.name] = v.allValue ?? '.+';
    }
    const out: ShippedExpression[] = [];
    for (const v of dashboard.templating.list) {
      if (v.type !== 'query') continue;
      const query = typeof v.query === 'string' ? v.query : (v.query as { query: string }).query;
      const match = /^label_values\((.+),\s*(\w+)\)$/.exec(query.trim());
      if (!match) throw new Error(`${name}: variable ${v.name}: not label_values(...): ${query}`);
      out.push({
        source: `${name}: variable $${v.name}`,
        kind: 'variable',
        raw: query,
        expr: substitute(match[1]!, values),
      });
    }
    for (const panel of panelsOf(dashboard)) {
      for (const target of panel.targets ?? []) {
        if (!target.expr) continue;
        out.push({
          source: `${name}: panel "${panel.title}" ${target.refId}`,
          kind: 'panel',
          raw: target.expr,
          expr: substitute(target.expr, values),
        });
      }
    }
    return out;
  });
}

/** What the grammar sees in one expression. */
export interface ExpressionShape {
  /** Positions of syntax errors; empty when the expression parses. */
  readonly errors: number[];
  /** Every vector selector, as written (`hodei_queue_size{job=~".+"}`, `{otel_metric_overflow="true"}`). */
  readonly selectors: string[];
  /**
   * For `<signal> <comparison> <number>` (or the number first) at the top level, the signal's
   * text; otherwise undefined.
   */
  readonly signal?: string;
  /** The text of each histogram_quantile call's second argument. */
  readonly quantileInputs: string[];
}

const COMPARISONS = new Set(['Gtr', 'Lss', 'Gte', 'Lte', 'Eql', 'Neq']);

/** Parses `expr` with the PromQL grammar and reports its {@link ExpressionShape}. */
export function shapeOf(expr: string): ExpressionShape {
  const tree = parser.parse(expr);
  const errors: number[] = [];
  const selectors: string[] = [];
  const quantileInputs: string[] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors.push(node.from);
      if (node.name === 'VectorSelector') selectors.push(expr.slice(node.from, node.to));
      if (node.name === 'FunctionCall') {
        const name = node.node.getChild('FunctionIdentifier');
        const body = node.node.getChild('FunctionCallBody');
        if (name && body && expr.slice(name.from, name.to) === 'histogram_quantile') {
          const args: { from: number; to: number }[] = [];
          for (let c = body.firstChild; c; c = c.nextSibling) {
            if (c.name !== '(' && c.name !== ')' && c.name !== ',') args.push(c);
          }
          if (args[1]) quantileInputs.push(expr.slice(args[1].from, args[1].to));
        }
      }
    },
  });
  let signal: string | undefined;
  const top = tree.topNode.firstChild;
  if (top?.name === 'BinaryExpr') {
    const parts: { name: string; from: number; to: number }[] = [];
    for (let c = top.firstChild; c; c = c.nextSibling) parts.push(c);
    const op = parts.find((p) => COMPARISONS.has(p.name));
    const lhs = parts[0];
    const rhs = parts[parts.length - 1];
    if (op && lhs && rhs) {
      if (rhs.name === 'NumberLiteral') signal = expr.slice(lhs.from, lhs.to);
      else if (lhs.name === 'NumberLiteral') signal = expr.slice(rhs.from, rhs.to);
    }
  }
  return { errors, selectors, signal, quantileInputs };
}
