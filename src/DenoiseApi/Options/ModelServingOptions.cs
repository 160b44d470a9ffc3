namespace DenoiseApi.Options;

/// <summary>
/// How one model is served: its session pool, threads, execution provider and dynamic batching.
/// <see cref="ModelsOptions.Defaults"/> holds the values every model starts from; <see cref="ModelsOptions.Overrides"/>
/// replaces single values per model name.
/// </summary>
public sealed class ModelServingOptions
{
    /// <summary>Sessions in the pool: how many batches of this model may run at once.</summary>
    public int? Sessions { get; set; }

    /// <summary>Threads ONNX Runtime uses inside one operator.</summary>
    public int? IntraOpThreads { get; set; }

    /// <summary>Threads ONNX Runtime uses across independent operators.</summary>
    public int? InterOpThreads { get; set; }

    /// <summary>Whether ONNX Runtime's idle worker threads spin; off suits a server sharing few cores.</summary>
    public bool? AllowSpinning { get; set; }

    /// <summary>"Cpu" or "Cuda". Cuda falls back to Cpu (once, logged, visible in /models) when the runtime lacks it.</summary>
    public string? Provider { get; set; }

    public int? CudaDeviceId { get; set; }

    /// <summary>CUDA arena limit in bytes; 0 leaves ONNX Runtime's default.</summary>
    public long? CudaMemoryLimitBytes { get; set; }

    /// <summary>cuDNN convolution algorithm search: Exhaustive, Heuristic or Default.</summary>
    public string? CudnnConvAlgoSearch { get; set; }

    /// <summary>Most single-image requests gathered into one run; 1 turns dynamic batching off.</summary>
    public int? MaxBatchSize { get; set; }

    /// <summary>Longest a request waits for others to join its batch, in microseconds.</summary>
    public int? MaxQueueDelayMicroseconds { get; set; }

    /// <summary>Requests that may wait for this model; one more is answered 503 with Retry-After at once.</summary>
    public int? QueueCapacity { get; set; }

    /// <summary>This model's values where set, <paramref name="fallback"/>'s elsewhere.</summary>
    public ModelServingOptions Over(ModelServingOptions fallback) => new()
    {
        Sessions = Sessions ?? fallback.Sessions,
        IntraOpThreads = IntraOpThreads ?? fallback.IntraOpThreads,
        InterOpThreads = InterOpThreads ?? fallback.InterOpThreads,
        AllowSpinning = AllowSpinning ?? fallback.AllowSpinning,
        Provider = Provider ?? fallback.Provider,
        CudaDeviceId = CudaDeviceId ?? fallback.CudaDeviceId,
        CudaMemoryLimitBytes = CudaMemoryLimitBytes ?? fallback.CudaMemoryLimitBytes,
        CudnnConvAlgoSearch = CudnnConvAlgoSearch ?? fallback.CudnnConvAlgoSearch,
        MaxBatchSize = MaxBatchSize ?? fallback.MaxBatchSize,
        MaxQueueDelayMicroseconds = MaxQueueDelayMicroseconds ?? fallback.MaxQueueDelayMicroseconds,
        QueueCapacity = QueueCapacity ?? fallback.QueueCapacity,
    };

    /// <summary>The built-in values: a small pool with one thread each, CPU, batches of up to 32 within 1 ms.</summary>
    public static ModelServingOptions BuiltIn => new()
    {
        Sessions = 2,
        IntraOpThreads = 1,
        InterOpThreads = 1,
        AllowSpinning = false,
        Provider = "Cpu",
        CudaDeviceId = 0,
        CudaMemoryLimitBytes = 0,
        CudnnConvAlgoSearch = "Exhaustive",
        MaxBatchSize = 32,
        MaxQueueDelayMicroseconds = 1000,
        QueueCapacity = 1024,
    };
}
