/** What a recorder has done since it was made. Counts are events unless named otherwise. */
export interface RecorderStats {
  /** Accepted into the buffer by record(). */
  buffered: number;
  /** Stored by the backend. */
  sent: number;
  /** Already stored (a retry after a lost answer, or a replay); not stored twice. */
  duplicates: number;
  /** Sent to the dead-letter store, for any reason. */
  deadLettered: number;
  /** Of those, refused as invalid (locally or by the gateway). */
  rejected: number;
  /** Of those, spilled because the buffer was full. */
  spilled: number;
  /** Lost: dropped by the drop policy, recorded after close(), or the dead-letter store failed. */
  dropped: number;
  /** Batch retries (attempts after the first). */
  retries: number;
  /** Batches that ran out of attempts. */
  failedBatches: number;
  /** Events waiting in the buffer now. */
  bufferUsed: number;
  bufferCapacity: number;
}

export type Counters = Omit<RecorderStats, 'bufferUsed' | 'bufferCapacity'>;

export const zeroCounters = (): Counters => ({
  buffered: 0,
  sent: 0,
  duplicates: 0,
  deadLettered: 0,
  rejected: 0,
  spilled: 0,
  dropped: 0,
  retries: 0,
  failedBatches: 0,
});
