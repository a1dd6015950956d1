import { ROOT_CONTEXT, context as apiContext, createContextKey } from '@opentelemetry/api';

const PROBE_KEY = createContextKey('meterline.engine.context-probe');
const PROBE = ROOT_CONTEXT.setValue(PROBE_KEY, true);
/** How often an open provider looks again (besides every collection), in milliseconds. */
export const CONTEXT_PROBE_INTERVAL_MS = 1000;

/**
 * Whether a context manager is registered with `@opentelemetry/api`, so that a span can be active
 * at all. Without one, `context.active()` is always the root context and a recording made without
 * an explicit context can never carry a span: the `trace_based` exemplar filter then has nothing to
 * look up, and the recording path skips `context.active()` and the span lookup (together about
 * 25 ns, more than the rest of a counter's `add()`).
 *
 * The API has no event for a registration, so the watch asks it directly (a `context.with()` whose
 * callback checks that the context it set is the active one): when a provider is created, at every
 * collection, and every {@link CONTEXT_PROBE_INTERVAL_MS} while a provider is open. A context
 * manager registered after the engine started is therefore noticed within a second, and at the
 * latest at the next collection; recordings in between are treated as made outside any span. A
 * recording given an explicit context is always looked at.
 */
class ContextWatch {
  /** True when a context manager may hand out other contexts than the root one. */
  managed = true;
  private open = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** Asks the API again; returns the new state. */
  probe(): boolean {
    this.managed = apiContext.with(PROBE, () => apiContext.active() === PROBE);
    return this.managed;
  }

  /** A provider opened: probe now, and keep probing while any is open. */
  acquire(): void {
    this.probe();
    if (this.open++ === 0) {
      this.timer = setInterval(() => this.probe(), CONTEXT_PROBE_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** A provider shut down. */
  release(): void {
    if (this.open === 0) return;
    if (--this.open === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

/** The process's one watch: the context manager is global too. */
export const contextWatch = new ContextWatch();
