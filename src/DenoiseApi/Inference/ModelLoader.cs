using System.Diagnostics;
using DenoiseApi.Diagnostics;
using DenoiseApi.ModelStore;
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

        _ = runtime.Environment; // ONNX Runtime's environment exists before any session
        var maxBatchSize = serving.MaxBatchSize!.Value;
        var useCuda = SessionFactory.AsksForCuda(serving);
        var created = new List<CreatedSession>();
        var bound = new List<BoundSession>();
        SessionPool? pool = null;
        try
        {
            for (var i = 0; i < serving.Sessions!.Value; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var cuda = useCuda;
                created.Add(await Task.Run(() => SessionFactory.Create(modelFile, serving, cuda), cancellationToken));
                // Fall back once: when the first session could not get CUDA, the others go straight to the CPU.
                if (i == 0 && created[0].ProviderFallbackReason is not null) useCuda = false;
            }
            var first = created[0];
            var (inputs, outputs) = ModelTensor.Of(first.Session);
            var contract = ModelContract.Check(manifest, inputs, outputs);
            while (created.Count > 0)
            {
                bound.Add(new BoundSession(created[0].Session, contract, maxBatchSize));
                created.RemoveAt(0);
            }
            pool = new SessionPool(bound, contract);
            var label = $"{manifest.Name}/{manifest.Version}";
            await warmUp.WarmUpAsync(label, pool, contract, maxBatchSize, cancellationToken);

            if (first.ProviderFallbackReason is { } reason)
                Log.ProviderFallback(logger, manifest.Name, manifest.Version, serving.Provider!, first.Provider, reason);

            var batching = new BatchingSettings(
                maxBatchSize,
                TimeSpan.FromTicks(serving.MaxQueueDelayMicroseconds!.Value * TimeSpan.TicksPerMicrosecond),
                serving.QueueCapacity!.Value,
                pool.Size);
            var batcher = new DynamicBatcher(label, contract.InputItemSize, contract.OutputItemSize,
                batching, pool.Run, metrics, (e, count) => LogFailedRun(label, e, count));
            var served = new ServedModel(manifest, directory, serving, pool, batcher, contract.InputItemSize, contract.OutputItemShape,
                first.Provider, first.ProviderFallbackReason);
            Log.ModelLoaded(logger, manifest.Name, manifest.Version, manifest.Kind, first.Provider, pool.Size,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return served;
        }
        catch
        {
            if (pool is not null) pool.Dispose();
            else foreach (var session in bound) session.Dispose();
            foreach (var session in created) session.Session.Dispose();
            throw;
        }
    }

    /// <summary>A run ONNX Runtime stopped at its deadline is expected under overload; any other failure is an error.</summary>
    private void LogFailedRun(string label, Exception e, int count)
    {
        if (e is OperationCanceledException) Log.RunStoppedAtDeadline(logger, label, count);
        else Log.InferenceFailed(logger, e, label, count);
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
}
