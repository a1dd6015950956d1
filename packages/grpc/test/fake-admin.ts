import {
  UnknownInstrumentError,
  type EngineAdmin,
  type ExemplarFilter,
  type InstrumentInfo,
  type LabelMatcher,
} from '@meterline/engine';

/**
 * An in-memory EngineAdmin for unit tests of the services: it keeps a list of instruments and
 * records every call, following the contract of packages/engine/src/admin-types.ts. The real
 * engine is exercised by the e2e tests.
 */
export class FakeAdmin implements EngineAdmin {
  readonly calls: string[] = [];
  private filter: ExemplarFilter = 'trace_based';
  readonly list: InstrumentInfo[] = [
    {
      name: 'orders',
      scope: { name: 'shop' },
      kind: 'counter',
      unit: '',
      description: 'Orders',
      valueType: 'double',
      seriesCount: 3,
      cardinalityLimit: 2000,
      enabled: true,
    },
  ];

  instruments(): InstrumentInfo[] {
    return this.list.map((i) => ({ ...i }));
  }

  setCardinalityLimit(name: string, limit: number | undefined): InstrumentInfo[] {
    this.calls.push(`setCardinalityLimit ${name} ${limit}`);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
      throw new RangeError(`limit must be an integer >= 1, got ${limit}`);
    }
    return this.update(name, { cardinalityLimit: limit ?? 2000 });
  }

  setEnabled(name: string, enabled: boolean): InstrumentInfo[] {
    this.calls.push(`setEnabled ${name} ${enabled}`);
    return this.update(name, { enabled });
  }

  exemplarFilter(): ExemplarFilter {
    return this.filter;
  }

  setExemplarFilter(filter: ExemplarFilter): void {
    this.calls.push(`setExemplarFilter ${filter}`);
    this.filter = filter;
  }

  evictSeries(name: string, matchers: readonly LabelMatcher[]): number {
    this.calls.push(`evictSeries ${name} ${JSON.stringify(matchers)}`);
    this.update(name, {});
    return 2;
  }

  private update(name: string, change: Partial<InstrumentInfo>): InstrumentInfo[] {
    const index = this.list.findIndex((i) => i.name === name);
    if (index < 0) throw new UnknownInstrumentError(name);
    this.list[index] = { ...this.list[index]!, ...change };
    return [{ ...this.list[index]! }];
  }
}
