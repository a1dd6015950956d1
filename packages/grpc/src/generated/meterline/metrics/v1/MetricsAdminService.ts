// Original file: proto/meterline/metrics/v1/admin_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { EvictSeriesRequest as _meterline_metrics_v1_EvictSeriesRequest, EvictSeriesRequest__Output as _meterline_metrics_v1_EvictSeriesRequest__Output } from '../../../meterline/metrics/v1/EvictSeriesRequest.js';
import type { EvictSeriesResponse as _meterline_metrics_v1_EvictSeriesResponse, EvictSeriesResponse__Output as _meterline_metrics_v1_EvictSeriesResponse__Output } from '../../../meterline/metrics/v1/EvictSeriesResponse.js';
import type { ForceFlushRequest as _meterline_metrics_v1_ForceFlushRequest, ForceFlushRequest__Output as _meterline_metrics_v1_ForceFlushRequest__Output } from '../../../meterline/metrics/v1/ForceFlushRequest.js';
import type { ForceFlushResponse as _meterline_metrics_v1_ForceFlushResponse, ForceFlushResponse__Output as _meterline_metrics_v1_ForceFlushResponse__Output } from '../../../meterline/metrics/v1/ForceFlushResponse.js';
import type { GetConfigRequest as _meterline_metrics_v1_GetConfigRequest, GetConfigRequest__Output as _meterline_metrics_v1_GetConfigRequest__Output } from '../../../meterline/metrics/v1/GetConfigRequest.js';
import type { GetConfigResponse as _meterline_metrics_v1_GetConfigResponse, GetConfigResponse__Output as _meterline_metrics_v1_GetConfigResponse__Output } from '../../../meterline/metrics/v1/GetConfigResponse.js';
import type { HealthRequest as _meterline_metrics_v1_HealthRequest, HealthRequest__Output as _meterline_metrics_v1_HealthRequest__Output } from '../../../meterline/metrics/v1/HealthRequest.js';
import type { HealthResponse as _meterline_metrics_v1_HealthResponse, HealthResponse__Output as _meterline_metrics_v1_HealthResponse__Output } from '../../../meterline/metrics/v1/HealthResponse.js';
import type { ListViewsRequest as _meterline_metrics_v1_ListViewsRequest, ListViewsRequest__Output as _meterline_metrics_v1_ListViewsRequest__Output } from '../../../meterline/metrics/v1/ListViewsRequest.js';
import type { ListViewsResponse as _meterline_metrics_v1_ListViewsResponse, ListViewsResponse__Output as _meterline_metrics_v1_ListViewsResponse__Output } from '../../../meterline/metrics/v1/ListViewsResponse.js';
import type { SetCardinalityLimitRequest as _meterline_metrics_v1_SetCardinalityLimitRequest, SetCardinalityLimitRequest__Output as _meterline_metrics_v1_SetCardinalityLimitRequest__Output } from '../../../meterline/metrics/v1/SetCardinalityLimitRequest.js';
import type { SetCardinalityLimitResponse as _meterline_metrics_v1_SetCardinalityLimitResponse, SetCardinalityLimitResponse__Output as _meterline_metrics_v1_SetCardinalityLimitResponse__Output } from '../../../meterline/metrics/v1/SetCardinalityLimitResponse.js';
import type { SetExemplarFilterRequest as _meterline_metrics_v1_SetExemplarFilterRequest, SetExemplarFilterRequest__Output as _meterline_metrics_v1_SetExemplarFilterRequest__Output } from '../../../meterline/metrics/v1/SetExemplarFilterRequest.js';
import type { SetExemplarFilterResponse as _meterline_metrics_v1_SetExemplarFilterResponse, SetExemplarFilterResponse__Output as _meterline_metrics_v1_SetExemplarFilterResponse__Output } from '../../../meterline/metrics/v1/SetExemplarFilterResponse.js';
import type { SetInstrumentEnabledRequest as _meterline_metrics_v1_SetInstrumentEnabledRequest, SetInstrumentEnabledRequest__Output as _meterline_metrics_v1_SetInstrumentEnabledRequest__Output } from '../../../meterline/metrics/v1/SetInstrumentEnabledRequest.js';
import type { SetInstrumentEnabledResponse as _meterline_metrics_v1_SetInstrumentEnabledResponse, SetInstrumentEnabledResponse__Output as _meterline_metrics_v1_SetInstrumentEnabledResponse__Output } from '../../../meterline/metrics/v1/SetInstrumentEnabledResponse.js';

/**
 * Administration of a running service. Every call needs credentials (metadata `authorization:
 * Bearer <token>` or `Basic <base64 user:password>`): none or wrong ones give UNAUTHENTICATED, too
 * many failures from one address RESOURCE_EXHAUSTED, and a read-only user calling a changing action
 * PERMISSION_DENIED. Every call is logged (who, what, result) and counted in
 * `meterline_grpc_admin_actions_total{action, result}`. Changes act at once, in the next
 * collection of every reader, and last until the process ends.
 */
export interface MetricsAdminServiceClient extends grpc.Client {
  /**
   * Forgets an instrument's series that match every matcher; they reappear when recorded again.
   * NOT_FOUND for an unknown instrument, INVALID_ARGUMENT naming a bad matcher.
   */
  EvictSeries(argument: _meterline_metrics_v1_EvictSeriesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_EvictSeriesResponse__Output>): grpc.ClientUnaryCall;
  EvictSeries(argument: _meterline_metrics_v1_EvictSeriesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_EvictSeriesResponse__Output>): grpc.ClientUnaryCall;
  EvictSeries(argument: _meterline_metrics_v1_EvictSeriesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_EvictSeriesResponse__Output>): grpc.ClientUnaryCall;
  EvictSeries(argument: _meterline_metrics_v1_EvictSeriesRequest, callback: grpc.requestCallback<_meterline_metrics_v1_EvictSeriesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Forgets an instrument's series that match every matcher; they reappear when recorded again.
   * NOT_FOUND for an unknown instrument, INVALID_ARGUMENT naming a bad matcher.
   */
  evictSeries(argument: _meterline_metrics_v1_EvictSeriesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_EvictSeriesResponse__Output>): grpc.ClientUnaryCall;
  evictSeries(argument: _meterline_metrics_v1_EvictSeriesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_EvictSeriesResponse__Output>): grpc.ClientUnaryCall;
  evictSeries(argument: _meterline_metrics_v1_EvictSeriesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_EvictSeriesResponse__Output>): grpc.ClientUnaryCall;
  evictSeries(argument: _meterline_metrics_v1_EvictSeriesRequest, callback: grpc.requestCallback<_meterline_metrics_v1_EvictSeriesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Pushes everything recorded so far through the push exporters and returns their delivery
   * accounting.
   */
  ForceFlush(argument: _meterline_metrics_v1_ForceFlushRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_ForceFlushResponse__Output>): grpc.ClientUnaryCall;
  ForceFlush(argument: _meterline_metrics_v1_ForceFlushRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_ForceFlushResponse__Output>): grpc.ClientUnaryCall;
  ForceFlush(argument: _meterline_metrics_v1_ForceFlushRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_ForceFlushResponse__Output>): grpc.ClientUnaryCall;
  ForceFlush(argument: _meterline_metrics_v1_ForceFlushRequest, callback: grpc.requestCallback<_meterline_metrics_v1_ForceFlushResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Pushes everything recorded so far through the push exporters and returns their delivery
   * accounting.
   */
  forceFlush(argument: _meterline_metrics_v1_ForceFlushRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_ForceFlushResponse__Output>): grpc.ClientUnaryCall;
  forceFlush(argument: _meterline_metrics_v1_ForceFlushRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_ForceFlushResponse__Output>): grpc.ClientUnaryCall;
  forceFlush(argument: _meterline_metrics_v1_ForceFlushRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_ForceFlushResponse__Output>): grpc.ClientUnaryCall;
  forceFlush(argument: _meterline_metrics_v1_ForceFlushRequest, callback: grpc.requestCallback<_meterline_metrics_v1_ForceFlushResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The effective configuration after every layer was merged, secrets redacted. Read-only.
   */
  GetConfig(argument: _meterline_metrics_v1_GetConfigRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_GetConfigResponse__Output>): grpc.ClientUnaryCall;
  GetConfig(argument: _meterline_metrics_v1_GetConfigRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_GetConfigResponse__Output>): grpc.ClientUnaryCall;
  GetConfig(argument: _meterline_metrics_v1_GetConfigRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_GetConfigResponse__Output>): grpc.ClientUnaryCall;
  GetConfig(argument: _meterline_metrics_v1_GetConfigRequest, callback: grpc.requestCallback<_meterline_metrics_v1_GetConfigResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The effective configuration after every layer was merged, secrets redacted. Read-only.
   */
  getConfig(argument: _meterline_metrics_v1_GetConfigRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_GetConfigResponse__Output>): grpc.ClientUnaryCall;
  getConfig(argument: _meterline_metrics_v1_GetConfigRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_GetConfigResponse__Output>): grpc.ClientUnaryCall;
  getConfig(argument: _meterline_metrics_v1_GetConfigRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_GetConfigResponse__Output>): grpc.ClientUnaryCall;
  getConfig(argument: _meterline_metrics_v1_GetConfigRequest, callback: grpc.requestCallback<_meterline_metrics_v1_GetConfigResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Runs the service's health checks. Read-only.
   */
  Health(argument: _meterline_metrics_v1_HealthRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_HealthResponse__Output>): grpc.ClientUnaryCall;
  Health(argument: _meterline_metrics_v1_HealthRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_HealthResponse__Output>): grpc.ClientUnaryCall;
  Health(argument: _meterline_metrics_v1_HealthRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_HealthResponse__Output>): grpc.ClientUnaryCall;
  Health(argument: _meterline_metrics_v1_HealthRequest, callback: grpc.requestCallback<_meterline_metrics_v1_HealthResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Runs the service's health checks. Read-only.
   */
  health(argument: _meterline_metrics_v1_HealthRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_HealthResponse__Output>): grpc.ClientUnaryCall;
  health(argument: _meterline_metrics_v1_HealthRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_HealthResponse__Output>): grpc.ClientUnaryCall;
  health(argument: _meterline_metrics_v1_HealthRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_HealthResponse__Output>): grpc.ClientUnaryCall;
  health(argument: _meterline_metrics_v1_HealthRequest, callback: grpc.requestCallback<_meterline_metrics_v1_HealthResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The configured views and every instrument's limits. Read-only.
   */
  ListViews(argument: _meterline_metrics_v1_ListViewsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_ListViewsResponse__Output>): grpc.ClientUnaryCall;
  ListViews(argument: _meterline_metrics_v1_ListViewsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_ListViewsResponse__Output>): grpc.ClientUnaryCall;
  ListViews(argument: _meterline_metrics_v1_ListViewsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_ListViewsResponse__Output>): grpc.ClientUnaryCall;
  ListViews(argument: _meterline_metrics_v1_ListViewsRequest, callback: grpc.requestCallback<_meterline_metrics_v1_ListViewsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The configured views and every instrument's limits. Read-only.
   */
  listViews(argument: _meterline_metrics_v1_ListViewsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_ListViewsResponse__Output>): grpc.ClientUnaryCall;
  listViews(argument: _meterline_metrics_v1_ListViewsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_ListViewsResponse__Output>): grpc.ClientUnaryCall;
  listViews(argument: _meterline_metrics_v1_ListViewsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_ListViewsResponse__Output>): grpc.ClientUnaryCall;
  listViews(argument: _meterline_metrics_v1_ListViewsRequest, callback: grpc.requestCallback<_meterline_metrics_v1_ListViewsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sets (or restores) the series limit of an instrument in every scope. NOT_FOUND for an
   * unknown instrument.
   */
  SetCardinalityLimit(argument: _meterline_metrics_v1_SetCardinalityLimitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_SetCardinalityLimitResponse__Output>): grpc.ClientUnaryCall;
  SetCardinalityLimit(argument: _meterline_metrics_v1_SetCardinalityLimitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_SetCardinalityLimitResponse__Output>): grpc.ClientUnaryCall;
  SetCardinalityLimit(argument: _meterline_metrics_v1_SetCardinalityLimitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_SetCardinalityLimitResponse__Output>): grpc.ClientUnaryCall;
  SetCardinalityLimit(argument: _meterline_metrics_v1_SetCardinalityLimitRequest, callback: grpc.requestCallback<_meterline_metrics_v1_SetCardinalityLimitResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Sets (or restores) the series limit of an instrument in every scope. NOT_FOUND for an
   * unknown instrument.
   */
  setCardinalityLimit(argument: _meterline_metrics_v1_SetCardinalityLimitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_SetCardinalityLimitResponse__Output>): grpc.ClientUnaryCall;
  setCardinalityLimit(argument: _meterline_metrics_v1_SetCardinalityLimitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_SetCardinalityLimitResponse__Output>): grpc.ClientUnaryCall;
  setCardinalityLimit(argument: _meterline_metrics_v1_SetCardinalityLimitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_SetCardinalityLimitResponse__Output>): grpc.ClientUnaryCall;
  setCardinalityLimit(argument: _meterline_metrics_v1_SetCardinalityLimitRequest, callback: grpc.requestCallback<_meterline_metrics_v1_SetCardinalityLimitResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Replaces the exemplar filter of every instrument, from the next measurement on.
   */
  SetExemplarFilter(argument: _meterline_metrics_v1_SetExemplarFilterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_SetExemplarFilterResponse__Output>): grpc.ClientUnaryCall;
  SetExemplarFilter(argument: _meterline_metrics_v1_SetExemplarFilterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_SetExemplarFilterResponse__Output>): grpc.ClientUnaryCall;
  SetExemplarFilter(argument: _meterline_metrics_v1_SetExemplarFilterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_SetExemplarFilterResponse__Output>): grpc.ClientUnaryCall;
  SetExemplarFilter(argument: _meterline_metrics_v1_SetExemplarFilterRequest, callback: grpc.requestCallback<_meterline_metrics_v1_SetExemplarFilterResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Replaces the exemplar filter of every instrument, from the next measurement on.
   */
  setExemplarFilter(argument: _meterline_metrics_v1_SetExemplarFilterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_SetExemplarFilterResponse__Output>): grpc.ClientUnaryCall;
  setExemplarFilter(argument: _meterline_metrics_v1_SetExemplarFilterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_SetExemplarFilterResponse__Output>): grpc.ClientUnaryCall;
  setExemplarFilter(argument: _meterline_metrics_v1_SetExemplarFilterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_SetExemplarFilterResponse__Output>): grpc.ClientUnaryCall;
  setExemplarFilter(argument: _meterline_metrics_v1_SetExemplarFilterRequest, callback: grpc.requestCallback<_meterline_metrics_v1_SetExemplarFilterResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Switches an instrument off (recordings dropped, series no longer exported) or back on
   * (starting from zero). NOT_FOUND for an unknown instrument.
   */
  SetInstrumentEnabled(argument: _meterline_metrics_v1_SetInstrumentEnabledRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_SetInstrumentEnabledResponse__Output>): grpc.ClientUnaryCall;
  SetInstrumentEnabled(argument: _meterline_metrics_v1_SetInstrumentEnabledRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_SetInstrumentEnabledResponse__Output>): grpc.ClientUnaryCall;
  SetInstrumentEnabled(argument: _meterline_metrics_v1_SetInstrumentEnabledRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_SetInstrumentEnabledResponse__Output>): grpc.ClientUnaryCall;
  SetInstrumentEnabled(argument: _meterline_metrics_v1_SetInstrumentEnabledRequest, callback: grpc.requestCallback<_meterline_metrics_v1_SetInstrumentEnabledResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Switches an instrument off (recordings dropped, series no longer exported) or back on
   * (starting from zero). NOT_FOUND for an unknown instrument.
   */
  setInstrumentEnabled(argument: _meterline_metrics_v1_SetInstrumentEnabledRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_SetInstrumentEnabledResponse__Output>): grpc.ClientUnaryCall;
  setInstrumentEnabled(argument: _meterline_metrics_v1_SetInstrumentEnabledRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meterline_metrics_v1_SetInstrumentEnabledResponse__Output>): grpc.ClientUnaryCall;
  setInstrumentEnabled(argument: _meterline_metrics_v1_SetInstrumentEnabledRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meterline_metrics_v1_SetInstrumentEnabledResponse__Output>): grpc.ClientUnaryCall;
  setInstrumentEnabled(argument: _meterline_metrics_v1_SetInstrumentEnabledRequest, callback: grpc.requestCallback<_meterline_metrics_v1_SetInstrumentEnabledResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Administration of a running service. Every call needs credentials (metadata `authorization:
 * Bearer <token>` or `Basic <base64 user:password>`): none or wrong ones give UNAUTHENTICATED, too
 * many failures from one address RESOURCE_EXHAUSTED, and a read-only user calling a changing action
 * PERMISSION_DENIED. Every call is logged (who, what, result) and counted in
 * `meterline_grpc_admin_actions_total{action, result}`. Changes act at once, in the next
 * collection of every reader, and last until the process ends.
 */
export interface MetricsAdminServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Forgets an instrument's series that match every matcher; they reappear when recorded again.
   * NOT_FOUND for an unknown instrument, INVALID_ARGUMENT naming a bad matcher.
   */
  EvictSeries: grpc.handleUnaryCall<_meterline_metrics_v1_EvictSeriesRequest__Output, _meterline_metrics_v1_EvictSeriesResponse>;
  
  /**
   * Pushes everything recorded so far through the push exporters and returns their delivery
   * accounting.
   */
  ForceFlush: grpc.handleUnaryCall<_meterline_metrics_v1_ForceFlushRequest__Output, _meterline_metrics_v1_ForceFlushResponse>;
  
  /**
   * The effective configuration after every layer was merged, secrets redacted. Read-only.
   */
  GetConfig: grpc.handleUnaryCall<_meterline_metrics_v1_GetConfigRequest__Output, _meterline_metrics_v1_GetConfigResponse>;
  
  /**
   * Runs the service's health checks. Read-only.
   */
  Health: grpc.handleUnaryCall<_meterline_metrics_v1_HealthRequest__Output, _meterline_metrics_v1_HealthResponse>;
  
  /**
   * The configured views and every instrument's limits. Read-only.
   */
  ListViews: grpc.handleUnaryCall<_meterline_metrics_v1_ListViewsRequest__Output, _meterline_metrics_v1_ListViewsResponse>;
  
  /**
   * Sets (or restores) the series limit of an instrument in every scope. NOT_FOUND for an
   * unknown instrument.
   */
  SetCardinalityLimit: grpc.handleUnaryCall<_meterline_metrics_v1_SetCardinalityLimitRequest__Output, _meterline_metrics_v1_SetCardinalityLimitResponse>;
  
  /**
   * Replaces the exemplar filter of every instrument, from the next measurement on.
   */
  SetExemplarFilter: grpc.handleUnaryCall<_meterline_metrics_v1_SetExemplarFilterRequest__Output, _meterline_metrics_v1_SetExemplarFilterResponse>;
  
  /**
   * Switches an instrument off (recordings dropped, series no longer exported) or back on
   * (starting from zero). NOT_FOUND for an unknown instrument.
   */
  SetInstrumentEnabled: grpc.handleUnaryCall<_meterline_metrics_v1_SetInstrumentEnabledRequest__Output, _meterline_metrics_v1_SetInstrumentEnabledResponse>;
  
}

export interface MetricsAdminServiceDefinition extends grpc.ServiceDefinition {
  EvictSeries: MethodDefinition<_meterline_metrics_v1_EvictSeriesRequest, _meterline_metrics_v1_EvictSeriesResponse, _meterline_metrics_v1_EvictSeriesRequest__Output, _meterline_metrics_v1_EvictSeriesResponse__Output>
  ForceFlush: MethodDefinition<_meterline_metrics_v1_ForceFlushRequest, _meterline_metrics_v1_ForceFlushResponse, _meterline_metrics_v1_ForceFlushRequest__Output, _meterline_metrics_v1_ForceFlushResponse__Output>
  GetConfig: MethodDefinition<_meterline_metrics_v1_GetConfigRequest, _meterline_metrics_v1_GetConfigResponse, _meterline_metrics_v1_GetConfigRequest__Output, _meterline_metrics_v1_GetConfigResponse__Output>
  Health: MethodDefinition<_meterline_metrics_v1_HealthRequest, _meterline_metrics_v1_HealthResponse, _meterline_metrics_v1_HealthRequest__Output, _meterline_metrics_v1_HealthResponse__Output>
  ListViews: MethodDefinition<_meterline_metrics_v1_ListViewsRequest, _meterline_metrics_v1_ListViewsResponse, _meterline_metrics_v1_ListViewsRequest__Output, _meterline_metrics_v1_ListViewsResponse__Output>
  SetCardinalityLimit: MethodDefinition<_meterline_metrics_v1_SetCardinalityLimitRequest, _meterline_metrics_v1_SetCardinalityLimitResponse, _meterline_metrics_v1_SetCardinalityLimitRequest__Output, _meterline_metrics_v1_SetCardinalityLimitResponse__Output>
  SetExemplarFilter: MethodDefinition<_meterline_metrics_v1_SetExemplarFilterRequest, _meterline_metrics_v1_SetExemplarFilterResponse, _meterline_metrics_v1_SetExemplarFilterRequest__Output, _meterline_metrics_v1_SetExemplarFilterResponse__Output>
  SetInstrumentEnabled: MethodDefinition<_meterline_metrics_v1_SetInstrumentEnabledRequest, _meterline_metrics_v1_SetInstrumentEnabledResponse, _meterline_metrics_v1_SetInstrumentEnabledRequest__Output, _meterline_metrics_v1_SetInstrumentEnabledResponse__Output>
}
