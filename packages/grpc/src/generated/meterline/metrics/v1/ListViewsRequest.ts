// Original file: proto/meterline/metrics/v1/admin_service.proto


/**
 * No parameters.
 */
export interface ListViewsRequest {
}

/**
 * No parameters.
 */
export interface ListViewsRequest__Output {
}
