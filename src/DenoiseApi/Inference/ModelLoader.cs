using System.Diagnostics;
using DenoiseApi.Diagnostics;
using DenoiseApi.ModelStore;
using DenoiseApi.OnnxRuntime;
using DenoiseApi.Options;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Inference;

/// <summary>
/// Turns a version folder into a <see cref="ServedModel"/>: reads and checks the manifest and the file's checksum,
/// creates the session pool with the model's serving settings, checks the ONNX metadata against the manifest, warms
/// every session up and puts a batcher in front. Any failure releases what was created and throws.
/// </summary>
public sealed class ModelLoader(
    OrtRuntime runtime,
    IModelWarmUp warmUp,
    IOptionsMonitor<ModelsOptions> options,
    ServiceMetrics metrics,
    ILogger<ModelLoader> logger)
{
    public async Task<ServedModel> LoadAsync(string directory, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var manifest = ReadManifest(directory);
        var serving = options.CurrentValue.For(manifest.Name);
        var modelFile = Path.Combine(directory, manifest.File);
        if (!File.Exists(modelFile)) throw new ModelLoadException($"The manifest names '{manifest.File}', which is not in {directory}.");
        var sha = await Task.Run(() => ModelLayout.Sha256Of(modelFile), cancellationToken);
        if (!string.Equals(sha, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new ModelLoadException($"{manifest.File} has sha256 {sha}, the manifest says {manifest.Sha256}.");

        var environment = runtime.Environment;
        var settings = ToSessionSettings(serving);
        var sessions = new List<InferenceSession>();
        SessionPool? pool = null;
        try
        {
            for (var i = 0; i < serving.Sessions!.Value; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sessionSettings = settings;
                sessions.Add(await Task.Run(() => InferenceSession.Create(environment, modelFile, sessionSettings), cancellationToken));
                // Fall back once: when the first session could not get the requested provider, the others go straight to the CPU.
                if (i == 0 && sessions[0].ProviderFallbackReason is not null) settings = settings with { Provider = ExecutionProvider.Cpu };
            }
            var first = sessions[0];
            var contract = ModelContract.Check(manifest, first.Inputs, first.Outputs);
            pool = new SessionPool(sessions, contract.InputName, contract.InputShape, contract.OutputName, contract.OutputShape);
            var label = $"{manifest.Name}/{manifest.Version}";
            await warmUp.WarmUpAsync(label, pool, contract, serving.MaxBatchSize!.Value, cancellationToken);

            var provider = first.Provider.ToString();
            if (first.ProviderFallbackReason is { } reason)
                Log.ProviderFallback(logger, manifest.Name, manifest.Version, serving.Provider!, provider, reason);

            var batching = new BatchingSettings(
                serving.MaxBatchSize.Value,
                TimeSpan.FromTicks(serving.MaxQueueDelayMicroseconds!.Value * TimeSpan.TicksPerMicrosecond),
                serving.QueueCapacity!.Value,
                pool.Size);
            var modelPool = pool;
            var batcher = new DynamicBatcher(label, contract.InputItemSize, (int)contract.OutputItemShape.Aggregate(1L, (a, b) => a * b),
                batching, modelPool.Run, metrics, (e, count) => Log.InferenceFailed(logger, e, label, count));
            var served = new ServedModel(manifest, directory, serving, pool, batcher, contract.InputItemSize, contract.OutputItemShape,
                provider, first.ProviderFallbackReason);
            Log.ModelLoaded(logger, manifest.Name, manifest.Version, manifest.Kind, provider, pool.Size,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return served;
        }
        catch
        {
            if (pool is not null) pool.Dispose();
            else foreach (var session in sessions) session.Dispose();
            throw;
        }
    }

    private static ModelManifest ReadManifest(string directory)
    {
        ModelManifest manifest;
        try
        {
            manifest = ManifestJson.Read(Path.Combine(directory, ManifestJson.FileName));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or NotSupportedException)
        {
            throw new ModelLoadException($"{ManifestJson.FileName} cannot be read: {e.Message}", e);
        }
        var folderName = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar)));
        var folderVersion = Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar));
        if (manifest.Name != folderName || manifest.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) != folderVersion)
            throw new ModelLoadException($"The manifest says {manifest.Name}/{manifest.Version} but lives in {folderName}/{folderVersion}.");
        return manifest;
    }

    internal static SessionSettings ToSessionSettings(ModelServingOptions serving) => new()
    {
        IntraOpThreads = serving.IntraOpThreads!.Value,
        InterOpThreads = serving.InterOpThreads!.Value,
        AllowSpinning = serving.AllowSpinning!.Value,
        Provider = Enum.Parse<ExecutionProvider>(serving.Provider!, ignoreCase: true),
        CudaDeviceId = serving.CudaDeviceId!.Value,
        CudaMemoryLimitBytes = serving.CudaMemoryLimitBytes is > 0 ? serving.CudaMemoryLimitBytes : null,
        CudnnConvAlgoSearch = serving.CudnnConvAlgoSearch!.ToUpperInvariant(),
    };
}
