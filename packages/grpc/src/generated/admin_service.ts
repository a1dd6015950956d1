import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { Attribute as _meterline_metrics_v1_Attribute, Attribute__Output as _meterline_metrics_v1_Attribute__Output } from './meterline/metrics/v1/Attribute.js';
import type { AttributeValue as _meterline_metrics_v1_AttributeValue, AttributeValue__Output as _meterline_metrics_v1_AttributeValue__Output } from './meterline/metrics/v1/AttributeValue.js';
import type { Delivery as _meterline_metrics_v1_Delivery, Delivery__Output as _meterline_metrics_v1_Delivery__Output } from './meterline/metrics/v1/Delivery.js';
import type { EvictSeriesRequest as _meterline_metrics_v1_EvictSeriesRequest, EvictSeriesRequest__Output as _meterline_metrics_v1_EvictSeriesRequest__Output } from './meterline/metrics/v1/EvictSeriesRequest.js';
import type { EvictSeriesResponse as _meterline_metrics_v1_EvictSeriesResponse, EvictSeriesResponse__Output as _meterline_metrics_v1_EvictSeriesResponse__Output } from './meterline/metrics/v1/EvictSeriesResponse.js';
import type { ForceFlushRequest as _meterline_metrics_v1_ForceFlushRequest, ForceFlushRequest__Output as _meterline_metrics_v1_ForceFlushRequest__Output } from './meterline/metrics/v1/ForceFlushRequest.js';
import type { ForceFlushResponse as _meterline_metrics_v1_ForceFlushResponse, ForceFlushResponse__Output as _meterline_metrics_v1_ForceFlushResponse__Output } from './meterline/metrics/v1/ForceFlushResponse.js';
import type { GetConfigRequest as _meterline_metrics_v1_GetConfigRequest, GetConfigRequest__Output as _meterline_metrics_v1_GetConfigRequest__Output } from './meterline/metrics/v1/GetConfigRequest.js';
import type { GetConfigResponse as _meterline_metrics_v1_GetConfigResponse, GetConfigResponse__Output as _meterline_metrics_v1_GetConfigResponse__Output } from './meterline/metrics/v1/GetConfigResponse.js';
import type { HealthCheck as _meterline_metrics_v1_HealthCheck, HealthCheck__Output as _meterline_metrics_v1_HealthCheck__Output } from './meterline/metrics/v1/HealthCheck.js';
import type { HealthRequest as _meterline_metrics_v1_HealthRequest, HealthRequest__Output as _meterline_metrics_v1_HealthRequest__Output } from './meterline/metrics/v1/HealthRequest.js';
import type { HealthResponse as _meterline_metrics_v1_HealthResponse, HealthResponse__Output as _meterline_metrics_v1_HealthResponse__Output } from './meterline/metrics/v1/HealthResponse.js';
import type { HistogramValue as _meterline_metrics_v1_HistogramValue, HistogramValue__Output as _meterline_metrics_v1_HistogramValue__Output } from './meterline/metrics/v1/HistogramValue.js';
import type { Instrument as _meterline_metrics_v1_Instrument, Instrument__Output as _meterline_metrics_v1_Instrument__Output } from './meterline/metrics/v1/Instrument.js';
import type { LabelMatcher as _meterline_metrics_v1_LabelMatcher, LabelMatcher__Output as _meterline_metrics_v1_LabelMatcher__Output } from './meterline/metrics/v1/LabelMatcher.js';
import type { ListViewsRequest as _meterline_metrics_v1_ListViewsRequest, ListViewsRequest__Output as _meterline_metrics_v1_ListViewsRequest__Output } from './meterline/metrics/v1/ListViewsRequest.js';
import type { ListViewsResponse as _meterline_metrics_v1_ListViewsResponse, ListViewsResponse__Output as _meterline_metrics_v1_ListViewsResponse__Output } from './meterline/metrics/v1/ListViewsResponse.js';
import type { Metric as _meterline_metrics_v1_Metric, Metric__Output as _meterline_metrics_v1_Metric__Output } from './meterline/metrics/v1/Metric.js';
import type { MetricsAdminServiceClient as _meterline_metrics_v1_MetricsAdminServiceClient, MetricsAdminServiceDefinition as _meterline_metrics_v1_MetricsAdminServiceDefinition } from './meterline/metrics/v1/MetricsAdminService.js';
import type { Point as _meterline_metrics_v1_Point, Point__Output as _meterline_metrics_v1_Point__Output } from './meterline/metrics/v1/Point.js';
import type { Scope as _meterline_metrics_v1_Scope, Scope__Output as _meterline_metrics_v1_Scope__Output } from './meterline/metrics/v1/Scope.js';
import type { SetCardinalityLimitRequest as _meterline_metrics_v1_SetCardinalityLimitRequest, SetCardinalityLimitRequest__Output as _meterline_metrics_v1_SetCardinalityLimitRequest__Output } from './meterline/metrics/v1/SetCardinalityLimitRequest.js';
import type { SetCardinalityLimitResponse as _meterline_metrics_v1_SetCardinalityLimitResponse, SetCardinalityLimitResponse__Output as _meterline_metrics_v1_SetCardinalityLimitResponse__Output } from './meterline/metrics/v1/SetCardinalityLimitResponse.js';
import type { SetExemplarFilterRequest as _meterline_metrics_v1_SetExemplarFilterRequest, SetExemplarFilterRequest__Output as _meterline_metrics_v1_SetExemplarFilterRequest__Output } from './meterline/metrics/v1/SetExemplarFilterRequest.js';
import type { SetExemplarFilterResponse as _meterline_metrics_v1_SetExemplarFilterResponse, SetExemplarFilterResponse__Output as _meterline_metrics_v1_SetExemplarFilterResponse__Output } from './meterline/metrics/v1/SetExemplarFilterResponse.js';
import type { SetInstrumentEnabledRequest as _meterline_metrics_v1_SetInstrumentEnabledRequest, SetInstrumentEnabledRequest__Output as _meterline_metrics_v1_SetInstrumentEnabledRequest__Output } from './meterline/metrics/v1/SetInstrumentEnabledRequest.js';
import type { SetInstrumentEnabledResponse as _meterline_metrics_v1_SetInstrumentEnabledResponse, SetInstrumentEnabledResponse__Output as _meterline_metrics_v1_SetInstrumentEnabledResponse__Output } from './meterline/metrics/v1/SetInstrumentEnabledResponse.js';
import type { View as _meterline_metrics_v1_View, View__Output as _meterline_metrics_v1_View__Output } from './meterline/metrics/v1/View.js';

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
        Delivery: MessageTypeDefinition<_meterline_metrics_v1_Delivery, _meterline_metrics_v1_Delivery__Output>
        EvictSeriesRequest: MessageTypeDefinition<_meterline_metrics_v1_EvictSeriesRequest, _meterline_metrics_v1_EvictSeriesRequest__Output>
        EvictSeriesResponse: MessageTypeDefinition<_meterline_metrics_v1_EvictSeriesResponse, _meterline_metrics_v1_EvictSeriesResponse__Output>
        ExemplarFilter: EnumTypeDefinition
        ForceFlushRequest: MessageTypeDefinition<_meterline_metrics_v1_ForceFlushRequest, _meterline_metrics_v1_ForceFlushRequest__Output>
        ForceFlushResponse: MessageTypeDefinition<_meterline_metrics_v1_ForceFlushResponse, _meterline_metrics_v1_ForceFlushResponse__Output>
        GetConfigRequest: MessageTypeDefinition<_meterline_metrics_v1_GetConfigRequest, _meterline_metrics_v1_GetConfigRequest__Output>
        GetConfigResponse: MessageTypeDefinition<_meterline_metrics_v1_GetConfigResponse, _meterline_metrics_v1_GetConfigResponse__Output>
        HealthCheck: MessageTypeDefinition<_meterline_metrics_v1_HealthCheck, _meterline_metrics_v1_HealthCheck__Output>
        HealthRequest: MessageTypeDefinition<_meterline_metrics_v1_HealthRequest, _meterline_metrics_v1_HealthRequest__Output>
        HealthResponse: MessageTypeDefinition<_meterline_metrics_v1_HealthResponse, _meterline_metrics_v1_HealthResponse__Output>
        HealthStatus: EnumTypeDefinition
        HistogramValue: MessageTypeDefinition<_meterline_metrics_v1_HistogramValue, _meterline_metrics_v1_HistogramValue__Output>
        Instrument: MessageTypeDefinition<_meterline_metrics_v1_Instrument, _meterline_metrics_v1_Instrument__Output>
        InstrumentKind: EnumTypeDefinition
        LabelMatcher: MessageTypeDefinition<_meterline_metrics_v1_LabelMatcher, _meterline_metrics_v1_LabelMatcher__Output>
        ListViewsRequest: MessageTypeDefinition<_meterline_metrics_v1_ListViewsRequest, _meterline_metrics_v1_ListViewsRequest__Output>
        ListViewsResponse: MessageTypeDefinition<_meterline_metrics_v1_ListViewsResponse, _meterline_metrics_v1_ListViewsResponse__Output>
        MatchType: EnumTypeDefinition
        Metric: MessageTypeDefinition<_meterline_metrics_v1_Metric, _meterline_metrics_v1_Metric__Output>
        /**
         * Administration of a running service. Every call needs credentials (metadata `authorization:
         * Bearer <token>` or `Basic <base64 user:password>`): none or wrong ones give UNAUTHENTICATED, too
         * many failures from one address RESOURCE_EXHAUSTED, and a read-only user calling a changing action
         * PERMISSION_DENIED. Every call is logged (who, what, result) and counted in
         * `meterline_grpc_admin_actions_total{action, result}`. Changes act at once, in the next
         * collection of every reader, and last until the process ends.
         */
        MetricsAdminService: SubtypeConstructor<typeof grpc.Client, _meterline_metrics_v1_MetricsAdminServiceClient> & { service: _meterline_metrics_v1_MetricsAdminServiceDefinition }
        Point: MessageTypeDefinition<_meterline_metrics_v1_Point, _meterline_metrics_v1_Point__Output>
        Scope: MessageTypeDefinition<_meterline_metrics_v1_Scope, _meterline_metrics_v1_Scope__Output>
        SetCardinalityLimitRequest: MessageTypeDefinition<_meterline_metrics_v1_SetCardinalityLimitRequest, _meterline_metrics_v1_SetCardinalityLimitRequest__Output>
        SetCardinalityLimitResponse: MessageTypeDefinition<_meterline_metrics_v1_SetCardinalityLimitResponse, _meterline_metrics_v1_SetCardinalityLimitResponse__Output>
        SetExemplarFilterRequest: MessageTypeDefinition<_meterline_metrics_v1_SetExemplarFilterRequest, _meterline_metrics_v1_SetExemplarFilterRequest__Output>
        SetExemplarFilterResponse: MessageTypeDefinition<_meterline_metrics_v1_SetExemplarFilterResponse, _meterline_metrics_v1_SetExemplarFilterResponse__Output>
        SetInstrumentEnabledRequest: MessageTypeDefinition<_meterline_metrics_v1_SetInstrumentEnabledRequest, _meterline_metrics_v1_SetInstrumentEnabledRequest__Output>
        SetInstrumentEnabledResponse: MessageTypeDefinition<_meterline_metrics_v1_SetInstrumentEnabledResponse, _meterline_metrics_v1_SetInstrumentEnabledResponse__Output>
        Temporality: EnumTypeDefinition
        View: MessageTypeDefinition<_meterline_metrics_v1_View, _meterline_metrics_v1_View__Output>
      }
    }
  }
}

