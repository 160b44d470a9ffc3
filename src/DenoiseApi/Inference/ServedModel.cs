using DenoiseApi.ModelStore;
using DenoiseApi.Options;

namespace DenoiseApi.Inference;

/// <summary>
/// One loaded, warmed model version ready to answer: its manifest, its session pool and the batcher in front of it.
/// Requests only ever reach the pool through <see cref="TryEnqueue"/>.
/// </summary>
public sealed class ServedModel : IAsyncDisposable
{
    private readonly SessionPool _pool;
    private readonly DynamicBatcher _batcher;

    internal ServedModel(ModelManifest manifest, string directory, ModelServingOptions serving, SessionPool pool,
        DynamicBatcher batcher, int inputSize, IReadOnlyList<long> outputItemShape, string provider, string? providerFallbackReason)
    {
        Manifest = manifest;
        Directory = directory;
        Serving = serving;
        _pool = pool;
        _batcher = batcher;
        InputSize = inputSize;
        OutputItemShape = outputItemShape;
        OutputSize = (int)outputItemShape.Aggregate(1L, (a, b) => a * b);
        Provider = provider;
        ProviderFallbackReason = providerFallbackReason;
        LoadedAt = DateTimeOffset.UtcNow;
    }

    public ModelManifest Manifest { get; }

    public string Name => Manifest.Name;

    public int Version => Manifest.Version;

    public ModelKind Kind => Manifest.Kind;

    /// <summary>"name/version", as used in logs, metrics and responses.</summary>
    public string Label => $"{Manifest.Name}/{Manifest.Version}";

    public string Directory { get; }

    /// <summary>The serving settings in effect (defaults with this model's overrides).</summary>
    public ModelServingOptions Serving { get; }

    /// <summary>Floats per input item (784 for a 28x28 digit).</summary>
    public int InputSize { get; }

    /// <summary>Floats per output item.</summary>
    public int OutputSize { get; }

    /// <summary>The output shape of one item (without the batch dimension).</summary>
    public IReadOnlyList<long> OutputItemShape { get; }

    /// <summary>Name of the model output that is served.</summary>
    public string OutputName => _pool.OutputName;

    /// <summary>The execution provider the sessions actually run on.</summary>
    public string Provider { get; }

    /// <summary>Why the requested provider was not used, or null when it was.</summary>
    public string? ProviderFallbackReason { get; }

    public int Sessions => _pool.Size;

    public DateTimeOffset LoadedAt { get; }

    public int QueueDepth => _batcher.QueueDepth;

    /// <summary>True (and counted as a rejection) when the model's queue is full, so a request can be refused before its body is read.</summary>
    public bool RefuseIfFull() => _batcher.RefuseIfFull();

    /// <summary>Offers one preprocessed image to the model's batcher (see <see cref="DynamicBatcher.TryEnqueue(float[], long, CancellationToken, out Task{float[]})"/>).</summary>
    public EnqueueStatus TryEnqueue(float[] input, long expiresAt, CancellationToken cancellationToken, out Task<float[]> output) =>
        _batcher.TryEnqueue(input, expiresAt, cancellationToken, out output);

    /// <summary>Finishes the queued work, then releases the sessions.</summary>
    public async ValueTask DisposeAsync()
    {
        await _batcher.DisposeAsync().ConfigureAwait(false);
        _pool.Dispose();
    }
}
