// Original file: proto/meterline/metrics/v1/admin_service.proto


/**
 * No parameters.
 */
export interface HealthRequest {
}

/**
 * No parameters.
 */
export interface HealthRequest__Output {
}
