// Original file: proto/meterline/metrics/v1/admin_service.proto


/**
 * No parameters.
 */
export interface ForceFlushRequest {
}

/**
 * No parameters.
 */
export interface ForceFlushRequest__Output {
}
