export { fileExporter } from './plugin.js';
export { OtlpJsonFileExporter } from './file-exporter.js';
export type { OtlpJsonFileExporterOptions } from './file-exporter.js';
export { RotatingFile } from './rotating-file.js';
export type { RotatingFileOptions } from './rotating-file.js';
export type { FileOptions, FileOptionsInput } from './options.js';
