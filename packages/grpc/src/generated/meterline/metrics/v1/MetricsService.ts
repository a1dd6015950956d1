// Original file: proto/meterline/metrics/v1/metrics_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ListInstrumentsRequest as _meterline_metrics_v1_ListInstrumentsRequest, ListInstrumentsRequest__Output as _meterline_metrics_v1_ListInstrumentsRequest__Output } from '../../../meterline/metrics/v1/ListInstrumentsRequest.js';
import type { ListInstrumentsResponse as _meterline_metrics_v1_ListInstrumentsResponse, ListInstrumentsResponse__Output as _meterline_metrics_v1_ListInstrumentsResponse__Output } from '../../../meterline/metrics/v1/ListInstrumentsResponse.js';
import type { QueryRequest as _meterline_metrics_v1_QueryRequest, QueryRequest__Output as _meterline_metrics_v1_QueryRequest__Output } from '../../../meterline/metrics/v1/QueryRequest.js';
import type { QueryResponse as _meterline_metrics_v1_QueryResponse, QueryResponse__Output as _meterline_metrics_v1_QueryResponse__Output } from '../../../meterline/metrics/v1/QueryResponse.js';
import type { RecordRequest as _meterline_metrics_v1_RecordRequest, RecordRequest__Output as _meterline_metrics_v1_RecordRequest__Output } from '../../../meterline/metrics/v1/RecordRequest.js';
import type { RecordResponse as _meterline_metrics_v1_RecordResponse, RecordResponse__Output as _meterline_metrics_v1_RecordResponse__Output } from '../../../meterline/metrics/v1/RecordResponse.js';
import type { WatchRequest as _meterline_metrics_v1_WatchRequest, WatchRequest__Output as _meterline_metrics_v1_WatchRequest__Output } from '../../../meterline/metrics/v1/WatchRequest.js';
import type { WatchUpdate as _meterline_metrics_v1_WatchUpdate, WatchUpdate__Output as _meterline_metrics_v1_WatchUpdate__Output } from '../../../meterline/metrics/v1/WatchUpdate.js';

/**
 * Reads and records the metrics of one running service. No credentials are needed (the server
 * listens on loopback by default; put TLS with client certificates in front of it otherwise).
 * Every call answers from the service's own engine: values are those of the next Prometheus scrape.
 */
export interface MetricsServiceClient extends grpc.Client {
  /**
   * Lists the instruments the service created, with their series counts and limits.
   */
  ListInstruments(argument: _meterline_metrics_v1_ListInstrumentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_ListInstrumentsResponse__Output>): grpc.ClientUnaryCall;
  ListInstruments(argument: _meterline_metrics_v1_ListInstrumentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_ListInstrumentsResponse__Output>): grpc.ClientUnaryCall;
  ListInstruments(argument: _meterline_metrics_v1_ListInstrumentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_ListInstrumentsResponse__Output>): grpc.ClientUnaryCall;
  ListInstruments(argument: _meterline_metrics_v1_ListInstrumentsRequest, callback: grpc.requestCallback<_meterline_metrics_v1_ListInstrumentsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists the instruments the service created, with their series counts and limits.
   */
  listInstruments(argument: _meterline_metrics_v1_ListInstrumentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_ListInstrumentsResponse__Output>): grpc.ClientUnaryCall;
  listInstruments(argument: _meterline_metrics_v1_ListInstrumentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_ListInstrumentsResponse__Output>): grpc.ClientUnaryCall;
  listInstruments(argument: _meterline_metrics_v1_ListInstrumentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_ListInstrumentsResponse__Output>): grpc.ClientUnaryCall;
  listInstruments(argument: _meterline_metrics_v1_ListInstrumentsRequest, callback: grpc.requestCallback<_meterline_metrics_v1_ListInstrumentsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The current points of one instrument, filtered by label matchers, cumulative or as deltas.
   * Errors: NOT_FOUND for an unknown instrument; INVALID_ARGUMENT naming the field for a bad
   * matcher, a regular expression that does not compile, or a delta query without a cursor.
   */
  Query(argument: _meterline_metrics_v1_QueryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_QueryResponse__Output>): grpc.ClientUnaryCall;
  Query(argument: _meterline_metrics_v1_QueryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_QueryResponse__Output>): grpc.ClientUnaryCall;
  Query(argument: _meterline_metrics_v1_QueryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_QueryResponse__Output>): grpc.ClientUnaryCall;
  Query(argument: _meterline_metrics_v1_QueryRequest, callback: grpc.requestCallback<_meterline_metrics_v1_QueryResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The current points of one instrument, filtered by label matchers, cumulative or as deltas.
   * Errors: NOT_FOUND for an unknown instrument; INVALID_ARGUMENT naming the field for a bad
   * matcher, a regular expression that does not compile, or a delta query without a cursor.
   */
  query(argument: _meterline_metrics_v1_QueryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_QueryResponse__Output>): grpc.ClientUnaryCall;
  query(argument: _meterline_metrics_v1_QueryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_QueryResponse__Output>): grpc.ClientUnaryCall;
  query(argument: _meterline_metrics_v1_QueryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_QueryResponse__Output>): grpc.ClientUnaryCall;
  query(argument: _meterline_metrics_v1_QueryRequest, callback: grpc.requestCallback<_meterline_metrics_v1_QueryResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Records measurements into named instruments of the service's meter `@meterline/grpc/record`,
   * creating them on first use. All measurements of a request are validated before any is
   * recorded: a bad one fails the whole request with INVALID_ARGUMENT naming it. The engine
   * applies the same cardinality and attribute limits as to any OpenTelemetry API call.
   * Rate-limited per peer address (RESOURCE_EXHAUSTED when over).
   */
  Record(argument: _meterline_metrics_v1_RecordRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_RecordResponse__Output>): grpc.ClientUnaryCall;
  Record(argument: _meterline_metrics_v1_RecordRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_RecordResponse__Output>): grpc.ClientUnaryCall;
  Record(argument: _meterline_metrics_v1_RecordRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_RecordResponse__Output>): grpc.ClientUnaryCall;
  Record(argument: _meterline_metrics_v1_RecordRequest, callback: grpc.requestCallback<_meterline_metrics_v1_RecordResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Records measurements into named instruments of the service's meter `@meterline/grpc/record`,
   * creating them on first use. All measurements of a request are validated before any is
   * recorded: a bad one fails the whole request with INVALID_ARGUMENT naming it. The engine
   * applies the same cardinality and attribute limits as to any OpenTelemetry API call.
   * Rate-limited per peer address (RESOURCE_EXHAUSTED when over).
   */
  record(argument: _meterline_metrics_v1_RecordRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_RecordResponse__Output>): grpc.ClientUnaryCall;
  record(argument: _meterline_metrics_v1_RecordRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_RecordResponse__Output>): grpc.ClientUnaryCall;
  record(argument: _meterline_metrics_v1_RecordRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_RecordResponse__Output>): grpc.ClientUnaryCall;
  record(argument: _meterline_metrics_v1_RecordRequest, callback: grpc.requestCallback<_meterline_metrics_v1_RecordResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sends the query's answer at an interval until the client cancels, `max_updates` were sent, or
   * the server shuts down (the stream then ends with UNAVAILABLE). The interval is raised to the
   * server's minimum; too many open watches give RESOURCE_EXHAUSTED.
   */
  Watch(argument: _meterline_metrics_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_meterline_metrics_v1_WatchUpdate__Output>;
  Watch(argument: _meterline_metrics_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_meterline_metrics_v1_WatchUpdate__Output>;
  /**
   * Sends the query's answer at an interval until the client cancels, `max_updates` were sent, or
   * the server shuts down (the stream then ends with UNAVAILABLE). The interval is raised to the
   * server's minimum; too many open watches give RESOURCE_EXHAUSTED.
   */
  watch(argument: _meterline_metrics_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_meterline_metrics_v1_WatchUpdate__Output>;
  watch(argument: _meterline_metrics_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_meterline_metrics_v1_WatchUpdate__Output>;
  
}

/**
 * Reads and records the metrics of one running service. No credentials are needed (the server
 * listens on loopback by default; put TLS with client certificates in front of it otherwise).
 * Every call answers from the service's own engine: values are those of the next Prometheus scrape.
 */
export interface MetricsServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Lists the instruments the service created, with their series counts and limits.
   */
  ListInstruments: grpc.handleUnaryCall<_meterline_metrics_v1_ListInstrumentsRequest__Output, _meterline_metrics_v1_ListInstrumentsResponse>;
  
  /**
   * The current points of one instrument, filtered by label matchers, cumulative or as deltas.
   * Errors: NOT_FOUND for an unknown instrument; INVALID_ARGUMENT naming the field for a bad
   * matcher, a regular expression that does not compile, or a delta query without a cursor.
   */
  Query: grpc.handleUnaryCall<_meterline_metrics_v1_QueryRequest__Output, _meterline_metrics_v1_QueryResponse>;
  
  /**
   * Records measurements into named instruments of the service's meter `@meterline/grpc/record`,
   * creating them on first use. All measurements of a request are validated before any is
   * recorded: a bad one fails the whole request with INVALID_ARGUMENT naming it. The engine
   * applies the same cardinality and attribute limits as to any OpenTelemetry API call.
   * Rate-limited per peer address (RESOURCE_EXHAUSTED when over).
   */
  Record: grpc.handleUnaryCall<_meterline_metrics_v1_RecordRequest__Output, _meterline_metrics_v1_RecordResponse>;
  
  /**
   * Sends the query's answer at an interval until the client cancels, `max_updates` were sent, or
   * the server shuts down (the stream then ends with UNAVAILABLE). The interval is raised to the
   * server's minimum; too many open watches give RESOURCE_EXHAUSTED.
   */
  Watch: grpc.handleServerStreamingCall<_meterline_metrics_v1_WatchRequest__Output, _meterline_metrics_v1_WatchUpdate>;
  
}

export interface MetricsServiceDefinition extends grpc.ServiceDefinition {
  ListInstruments: MethodDefinition<_meterline_metrics_v1_ListInstrumentsRequest, _meterline_metrics_v1_ListInstrumentsResponse, _meterline_metrics_v1_ListInstrumentsRequest__Output, _meterline_metrics_v1_ListInstrumentsResponse__Output>
  Query: MethodDefinition<_meterline_metrics_v1_QueryRequest, _meterline_metrics_v1_QueryResponse, _meterline_metrics_v1_QueryRequest__Output, _meterline_metrics_v1_QueryResponse__Output>
  Record: MethodDefinition<_meterline_metrics_v1_RecordRequest, _meterline_metrics_v1_RecordResponse, _meterline_metrics_v1_RecordRequest__Output, _meterline_metrics_v1_RecordResponse__Output>
  Watch: MethodDefinition<_meterline_metrics_v1_WatchRequest, _meterline_metrics_v1_WatchUpdate, _meterline_metrics_v1_WatchRequest__Output, _meterline_metrics_v1_WatchUpdate__Output>
}
