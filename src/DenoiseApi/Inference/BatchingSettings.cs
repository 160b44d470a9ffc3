namespace DenoiseApi.Inference;

/// <summary>How a <see cref="DynamicBatcher"/> gathers and runs requests.</summary>
/// <param name="MaxBatchSize">Most items run together; 1 means every item runs alone.</param>
/// <param name="MaxQueueDelay">Longest the first item of a batch waits for others to join.</param>
/// <param name="QueueCapacity">Items that may wait; the next one is refused at once.</param>
/// <param name="Concurrency">Batches that may run at the same time (the session pool's size).</param>
public sealed record BatchingSettings(int MaxBatchSize, TimeSpan MaxQueueDelay, int QueueCapacity, int Concurrency);

/// <summary>
/// Runs <paramref name="count"/> items laid out one after another in <paramref name="inputs"/>, writing their outputs the
/// same way. <paramref name="expiresAt"/> (a <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> value, or
/// <see cref="long.MaxValue"/>) is when no caller waits for the batch any more: a run still going then may be stopped,
/// throwing <see cref="OperationCanceledException"/>.
/// </summary>
public delegate void BatchRun(ReadOnlySpan<float> inputs, int count, Span<float> outputs, long expiresAt);

/// <summary>What happened to an item offered to a <see cref="DynamicBatcher"/>.</summary>
public enum EnqueueStatus
{
    /// <summary>Queued; its task completes with the output.</summary>
    Accepted,

    /// <summary>The queue is full; answer 503 with Retry-After.</summary>
    QueueFull,

    /// <summary>The batcher is shutting down (its model is being replaced); try the model's successor.</summary>
    Retired,
}
