import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { Attribute as _meterline_metrics_v1_Attribute, Attribute__Output as _meterline_metrics_v1_Attribute__Output } from './meterline/metrics/v1/Attribute.js';
import type { AttributeValue as _meterline_metrics_v1_AttributeValue, AttributeValue__Output as _meterline_metrics_v1_AttributeValue__Output } from './meterline/metrics/v1/AttributeValue.js';
import type { HistogramValue as _meterline_metrics_v1_HistogramValue, HistogramValue__Output as _meterline_metrics_v1_HistogramValue__Output } from './meterline/metrics/v1/HistogramValue.js';
import type { Instrument as _meterline_metrics_v1_Instrument, Instrument__Output as _meterline_metrics_v1_Instrument__Output } from './meterline/metrics/v1/Instrument.js';
import type { LabelMatcher as _meterline_metrics_v1_LabelMatcher, LabelMatcher__Output as _meterline_metrics_v1_LabelMatcher__Output } from './meterline/metrics/v1/LabelMatcher.js';
import type { ListInstrumentsRequest as _meterline_metrics_v1_ListInstrumentsRequest, ListInstrumentsRequest__Output as _meterline_metrics_v1_ListInstrumentsRequest__Output } from './meterline/metrics/v1/ListInstrumentsRequest.js';
import type { ListInstrumentsResponse as _meterline_metrics_v1_ListInstrumentsResponse, ListInstrumentsResponse__Output as _meterline_metrics_v1_ListInstrumentsResponse__Output } from './meterline/metrics/v1/ListInstrumentsResponse.js';
import type { Measurement as _meterline_metrics_v1_Measurement, Measurement__Output as _meterline_metrics_v1_Measurement__Output } from './meterline/metrics/v1/Measurement.js';
import type { Metric as _meterline_metrics_v1_Metric, Metric__Output as _meterline_metrics_v1_Metric__Output } from './meterline/metrics/v1/Metric.js';
import type { MetricsServiceClient as _meterline_metrics_v1_MetricsServiceClient, MetricsServiceDefinition as _meterline_metrics_v1_MetricsServiceDefinition } from './meterline/metrics/v1/MetricsService.js';
import type { Point as _meterline_metrics_v1_Point, Point__Output as _meterline_metrics_v1_Point__Output } from './meterline/metrics/v1/Point.js';
import type { QueryRequest as _meterline_metrics_v1_QueryRequest, QueryRequest__Output as _meterline_metrics_v1_QueryRequest__Output } from './meterline/metrics/v1/QueryRequest.js';
import type { QueryResponse as _meterline_metrics_v1_QueryResponse, QueryResponse__Output as _meterline_metrics_v1_QueryResponse__Output } from './meterline/metrics/v1/QueryResponse.js';
import type { RecordRequest as _meterline_metrics_v1_RecordRequest, RecordRequest__Output as _meterline_metrics_v1_RecordRequest__Output } from './meterline/metrics/v1/RecordRequest.js';
import type { RecordResponse as _meterline_metrics_v1_RecordResponse, RecordResponse__Output as _meterline_metrics_v1_RecordResponse__Output } from './meterline/metrics/v1/RecordResponse.js';
import type { Scope as _meterline_metrics_v1_Scope, Scope__Output as _meterline_metrics_v1_Scope__Output } from './meterline/metrics/v1/Scope.js';
import type { WatchRequest as _meterline_metrics_v1_WatchRequest, WatchRequest__Output as _meterline_metrics_v1_WatchRequest__Output } from './meterline/metrics/v1/WatchRequest.js';
import type { WatchUpdate as _meterline_metrics_v1_WatchUpdate, WatchUpdate__Output as _meterline_metrics_v1_WatchUpdate__Output } from './meterline/metrics/v1/WatchUpdate.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  meterline: {
    metrics: {
      v1: {
        Attribute: MessageTypeDefinition<_meterline_metrics_v1_Attribute, _meterline_metrics_v1_Attribute__Output>
        AttributeValue: MessageTypeDefinition<_meterline_metrics_v1_AttributeValue, _meterline_metrics_v1_AttributeValue__Output>
        HistogramValue: MessageTypeDefinition<_meterline_metrics_v1_HistogramValue, _meterline_metrics_v1_HistogramValue__Output>
        Instrument: MessageTypeDefinition<_meterline_metrics_v1_Instrument, _meterline_metrics_v1_Instrument__Output>
        InstrumentKind: EnumTypeDefinition
        LabelMatcher: MessageTypeDefinition<_meterline_metrics_v1_LabelMatcher, _meterline_metrics_v1_LabelMatcher__Output>
        ListInstrumentsRequest: MessageTypeDefinition<_meterline_metrics_v1_ListInstrumentsRequest, _meterline_metrics_v1_ListInstrumentsRequest__Output>
        ListInstrumentsResponse: MessageTypeDefinition<_meterline_metrics_v1_ListInstrumentsResponse, _meterline_metrics_v1_ListInstrumentsResponse__Output>
        MatchType: EnumTypeDefinition
        Measurement: MessageTypeDefinition<_meterline_metrics_v1_Measurement, _meterline_metrics_v1_Measurement__Output>
        Metric: MessageTypeDefinition<_meterline_metrics_v1_Metric, _meterline_metrics_v1_Metric__Output>
        /**
         * Reads and records the metrics of one running service. No credentials are needed (the server
         * listens on loopback by default; put TLS with client certificates in front of it otherwise).
         * Every call answers from the service's own engine: values are those of the next Prometheus scrape.
         */
        MetricsService: SubtypeConstructor<typeof grpc.Client, _meterline_metrics_v1_MetricsServiceClient> & { service: _meterline_metrics_v1_MetricsServiceDefinition }
        Point: MessageTypeDefinition<_meterline_metrics_v1_Point, _meterline_metrics_v1_Point__Output>
        QueryRequest: MessageTypeDefinition<_meterline_metrics_v1_QueryRequest, _meterline_metrics_v1_QueryRequest__Output>
        QueryResponse: MessageTypeDefinition<_meterline_metrics_v1_QueryResponse, _meterline_metrics_v1_QueryResponse__Output>
        RecordRequest: MessageTypeDefinition<_meterline_metrics_v1_RecordRequest, _meterline_metrics_v1_RecordRequest__Output>
        RecordResponse: MessageTypeDefinition<_meterline_metrics_v1_RecordResponse, _meterline_metrics_v1_RecordResponse__Output>
        Scope: MessageTypeDefinition<_meterline_metrics_v1_Scope, _meterline_metrics_v1_Scope__Output>
        Temporality: EnumTypeDefinition
        WatchRequest: MessageTypeDefinition<_meterline_metrics_v1_WatchRequest, _meterline_metrics_v1_WatchRequest__Output>
        WatchUpdate: MessageTypeDefinition<_meterline_metrics_v1_WatchUpdate, _meterline_metrics_v1_WatchUpdate__Output>
      }
    }
  }
}

