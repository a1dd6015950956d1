// Original file: proto/meterline/metrics/v1/admin_service.proto


/**
 * No parameters.
 */
export interface GetConfigRequest {
}

/**
 * No parameters.
 */
export interface GetConfigRequest__Output {
}
