/** The drop aggregation: an instrument (per view) whose measurements are discarded. */
export class DropStorage {
  record(): void {}
}
