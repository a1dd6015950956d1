"""Parses an exposition body from stdin with the Python prometheus_client parsers.

Usage: python3 openmetrics-parse.py openmetrics|text  (body on stdin)
       python3 openmetrics-parse.py gofloat  (a JSON list of numbers on stdin)

Prints one JSON object on stdout: {"families": [...]} when the body parses, or {"error": "..."} when
the parser rejects it (exit status 0 either way; anything else is a failure of this script).
`openmetrics` is prometheus_client.openmetrics.parser, the strict OpenMetrics 1.0 parser;
`text` is prometheus_client.parser, the (lax) text 0.0.4 parser; `gofloat` prints the JSON list
of each number as the client writes `le` values (prometheus_client.utils.floatToGoString). Run by
test/support/openmetrics-parser.ts through the launcher scripts/provision.sh makes.
"""
import json
import math
import sys


def number(value):
    # JSON has no NaN or infinities: they travel as the strings OpenMetrics writes.
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, float) and math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return value


def family(metric):
    return {
        "name": metric.name,
        "type": metric.type,
        "unit": metric.unit,
        "help": metric.documentation,
        "samples": [
            {
                "name": s.name,
                "labels": s.labels,
                "value": number(s.value),
                "timestamp": None if s.timestamp is None else float(s.timestamp),
                "exemplar": None
                if s.exemplar is None
                else {
                    "labels": s.exemplar.labels,
                    "value": number(s.exemplar.value),
                    "timestamp": None
                    if s.exemplar.timestamp is None
                    else float(s.exemplar.timestamp),
                },
            }
            for s in metric.samples
        ],
    }


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "openmetrics"
    if mode == "gofloat":
        from prometheus_client.utils import floatToGoString

        print(json.dumps([floatToGoString(v) for v in json.load(sys.stdin)]))
        return
    if mode == "openmetrics":
        from prometheus_client.openmetrics.parser import text_string_to_metric_families
    elif mode == "text":
        from prometheus_client.parser import text_string_to_metric_families
    else:
        sys.exit(f"unknown mode {mode!r}: use openmetrics, text or gofloat")
    body = sys.stdin.buffer.read().decode("utf-8")
    try:
        families = [family(m) for m in text_string_to_metric_families(body)]
    except Exception as error:  # the parsers raise ValueError, and others on some inputs
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}))
        return
    print(json.dumps({"families": families}))


main()
