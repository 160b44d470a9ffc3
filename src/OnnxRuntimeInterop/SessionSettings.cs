namespace DenoiseApi.OnnxRuntime;

/// <summary>How an <see cref="InferenceSession"/> is created: threads, graph optimization and execution provider.</summary>
public sealed record SessionSettings
{
    /// <summary>Threads used inside one operator (ORT <c>SetIntraOpNumThreads</c>); 0 lets ORT choose.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Threads used to run independent operators in parallel (ORT <c>SetInterOpNumThreads</c>); 0 lets ORT choose.</summary>
    public int InterOpThreads { get; init; } = 1;

    /// <summary>Session config <c>session.intra_op.allow_spinning</c>: idle pool threads spin instead of sleeping.</summary>
    public bool AllowSpinning { get; init; }

    public GraphOptimizationLevel Optimization { get; init; } = GraphOptimizationLevel.All;

    /// <summary>Requested provider; see <see cref="InferenceSession.Provider"/> for what is actually used.</summary>
    public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>CUDA option <c>device_id</c>.</summary>
    public int CudaDeviceId { get; init; }

    /// <summary>CUDA option <c>gpu_mem_limit</c> in bytes; null leaves ORT's default (no limit).</summary>
    public long? CudaMemoryLimitBytes { get; init; }

    /// <summary>CUDA option <c>cudnn_conv_algo_search</c>: EXHAUSTIVE, HEURISTIC or DEFAULT.</summary>
    public string CudnnConvAlgoSearch { get; init; } = "EXHAUSTIVE";
}
