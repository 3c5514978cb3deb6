/** Progress of a long engine job, sent as `job/progress` notifications while the job's request is pending. */
export interface JobProgress {
  jobId: string;
  /** Steps done so far (0..total). */
  step: number;
  total: number;
  /** One line for a notification: "epoch 3/10", "layer2: 40 of 200 iterations". */
  message: string;
  loss?: number;
  samplesPerSecond?: number;
  etaSeconds?: number;
}

/** Jobs take an optional client-chosen id so progress can be routed before the response arrives. */
export interface JobParams {
  jobId?: string;
}

export interface JobResultBase {
  jobId: string;
}
