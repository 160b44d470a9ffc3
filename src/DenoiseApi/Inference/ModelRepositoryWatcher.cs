using DenoiseApi.Diagnostics;
using DenoiseApi.ModelStore;
using DenoiseApi.Options;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace DenoiseApi.Inference;

/// <summary>
/// Loads every model version of the repository at start (the service turns ready when this pass ends), then polls the
/// folder: a new or changed version is loaded and warmed in the background and swapped in atomically, a removed one is
/// drained and released. A version that fails keeps its previous instance serving; the failure is logged, counted and
/// shown in /models.
/// </summary>
public sealed class ModelRepositoryWatcher(
    ModelRepository repository,
    ModelLoader loader,
    OrtRuntime runtime,
    IOptionsMonitor<ModelsOptions> options,
    ServiceMetrics metrics,
    ILogger<ModelRepositoryWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            _ = runtime.Environment;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or OnnxRuntimeException or InvalidOperationException or EntryPointNotFoundException)
        {
            // A missing or mismatched native library surfaces as the package's type initializer failing.
            var reason = e is TypeInitializationException { InnerException: { } inner } ? inner.Message : e.Message;
            Log.OrtUnavailable(logger, e, reason);
            repository.MarkFatal($"ONNX Runtime cannot be started: {reason}");
            return;
        }

        await SyncAsync(stoppingToken);
        repository.MarkInitialLoadComplete();
        var serving = repository.Slots.Count(s => s.Current is not null);
        if (repository.Slots.Count == 0) Log.RepositoryEmpty(logger, repository.Root);
        else Log.ModelsReady(logger, serving, repository.Root);

        var interval = options.CurrentValue.ReloadIntervalSeconds;
        if (interval <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(interval));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await SyncAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One pass over the repository folder: load what is new or changed, release what is gone.</summary>
    internal async Task SyncAsync(CancellationToken cancellationToken)
    {
        List<(string Name, int Version, string Directory)> found;
        try
        {
            found = [.. ModelLayout.Enumerate(repository.Root)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.RepositoryScanFailed(logger, e, repository.Root);
            return;
        }

        foreach (var (name, version, directory) in found)
        {
            var slot = repository.GetOrAddSlot(name, version, directory);
            var fingerprint = Fingerprint(directory);
            if (fingerprint is null || fingerprint == slot.Fingerprint) continue;
            slot.Fingerprint = fingerprint;
            await LoadIntoAsync(slot, cancellationToken);
        }

        var present = found.Select(f => (f.Name, f.Version)).ToHashSet();
        foreach (var slot in repository.Slots.Where(s => !present.Contains((s.Name, s.Version))))
        {
            if (!repository.RemoveSlot(slot)) continue;
            Log.ModelRemoved(logger, slot.Name, slot.Version);
            if (slot.Swap(null) is { } old) await old.DisposeAsync();
        }
    }

    private async Task LoadIntoAsync(ModelSlot slot, CancellationToken cancellationToken)
    {
        slot.Loading = true;
        try
        {
            var model = await loader.LoadAsync(slot.Directory, cancellationToken);
            var previous = slot.Swap(model);
            if (previous is not null)
            {
                Log.ModelSwapped(logger, slot.Name, slot.Version);
                await previous.DisposeAsync();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var reason = e switch
            {
                ModelLoadException or OnnxRuntimeException => e.Message,
                _ => $"{e.GetType().Name}: {e.Message}",
            };
            slot.RecordFailure(reason);
            metrics.LoadFailed(slot.Name);
            Log.ModelLoadFailed(logger, e, slot.Name, slot.Version, reason);
        }
        finally
        {
            slot.Loading = false;
        }
    }

    /// <summary>Names, sizes and write times of the folder's files; null when the folder cannot be read right now.</summary>
    private static string? Fingerprint(string directory)
    {
        try
        {
            return string.Join('|', new DirectoryInfo(directory).EnumerateFiles()
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
