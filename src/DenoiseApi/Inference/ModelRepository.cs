using System.Collections.Concurrent;
using System.Collections.Frozen;
using DenoiseApi.Errors;
using DenoiseApi.ModelStore;
using DenoiseApi.Options;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Inference;

/// <summary>
/// The models the service holds, one <see cref="ModelSlot"/> per <c>&lt;name&gt;/&lt;version&gt;</c> folder, and the
/// rules for choosing one: the named version, else the pinned one, else the newest version that is serving.
/// <see cref="ModelRepositoryWatcher"/> fills and refreshes it.
/// </summary>
public sealed class ModelRepository : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ModelSlot> _slots = new(StringComparer.Ordinal);
    private readonly IOptionsMonitor<ModelsOptions> _options;
    private readonly Lock _indexGate = new();
    private volatile FrozenDictionary<string, ModelSlot[]> _byName = FrozenDictionary<string, ModelSlot[]>.Empty;
    private volatile bool _initialLoadComplete;
    private volatile string? _fatalError;

    public ModelRepository(IOptionsMonitor<ModelsOptions> options, IHostEnvironment environment)
    {
        _options = options;
        Root = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.CurrentValue.Root));
    }

    /// <summary>The repository folder, resolved against the content root.</summary>
    public string Root { get; }

    /// <summary>Every slot, by name then newest version first.</summary>
    public IReadOnlyList<ModelSlot> Slots =>
        [.. _slots.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ThenByDescending(s => s.Version)];

    public bool InitialLoadComplete => _initialLoadComplete;

    /// <summary>Why nothing can be served at all (e.g. ONNX Runtime did not load), or null.</summary>
    public string? FatalError => _fatalError;

    internal ModelSlot GetOrAddSlot(string name, int version, string directory)
    {
        if (_slots.TryGetValue(Key(name, version), out var existing)) return existing;
        var slot = _slots.GetOrAdd(Key(name, version), _ => new ModelSlot(name, version, directory));
        RebuildIndex();
        return slot;
    }

    internal bool RemoveSlot(ModelSlot slot)
    {
        var removed = _slots.TryRemove(new KeyValuePair<string, ModelSlot>(Key(slot.Name, slot.Version), slot));
        if (removed) RebuildIndex();
        return removed;
    }

    /// <summary>Slots by name, newest version first: the read-only snapshot requests resolve against (rebuilt when slots come and go).</summary>
    private void RebuildIndex()
    {
        lock (_indexGate)
        {
            _byName = _slots.Values.GroupBy(s => s.Name, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.OrderByDescending(s => s.Version).ToArray(), StringComparer.Ordinal);
        }
    }

    internal void MarkInitialLoadComplete() => _initialLoadComplete = true;

    internal void MarkFatal(string reason) => _fatalError = reason;

    /// <summary>The configured default model name for <paramref name="kind"/>, else the first serving model of that kind.</summary>
    public string? DefaultName(ModelKind kind)
    {
        var options = _options.CurrentValue;
        var configured = kind switch
        {
            ModelKind.Denoiser => options.DefaultDenoiser,
            ModelKind.Encoder => options.DefaultEncoder,
            ModelKind.Classifier => options.DefaultClassifier,
            _ => null,
        };
        return configured ?? Slots.FirstOrDefault(s => s.Current?.Kind == kind)?.Name;
    }

    /// <summary>Chooses the model that answers a request for <paramref name="kind"/>, or says why none can.</summary>
    public Outcome<ServedModel> Resolve(ModelKind kind, string? name, int? version)
    {
        if (_fatalError is { } fatal) return new Failure(FailureKind.NotReady, $"No model can be served: {fatal}");
        if (!_initialLoadComplete) return new Failure(FailureKind.NotReady, "The models are still loading and warming up.");

        name ??= DefaultName(kind);
        if (name is null) return new Failure(FailureKind.UnknownModel, $"No {kind} model is loaded.");
        if (!_byName.TryGetValue(name, out var versions))
        {
            var known = _byName.Keys.Order(StringComparer.Ordinal);
            return new Failure(FailureKind.UnknownModel, $"No model named '{name}' is loaded; loaded models: {string.Join(", ", known)}.");
        }

        version ??= _options.CurrentValue.PinnedVersions.TryGetValue(name, out var pinned) ? pinned : null;
        ServedModel? chosen;
        if (version is { } wanted)
        {
            var slot = versions.FirstOrDefault(s => s.Version == wanted);
            chosen = slot?.Current;
            if (chosen is null)
            {
                var why = slot is null ? "" : slot.Loading ? " (it is loading)" : slot.LastError is { } e ? $" (it failed to load: {e})" : "";
                return new Failure(FailureKind.UnknownModel,
                    $"Version {wanted} of '{name}' is not serving{why}; serving versions: {string.Join(", ", versions.Where(s => s.Current is not null).Select(s => s.Version))}.");
            }
        }
        else
        {
            chosen = null;
            foreach (var slot in versions)
            {
                if (slot.Current is { } serving)
                {
                    chosen = serving;
                    break;
                }
            }
            if (chosen is null)
            {
                return versions.Any(s => s.Loading)
                    ? new Failure(FailureKind.NotReady, $"Model '{name}' is still loading.")
                    : new Failure(FailureKind.UnknownModel, $"Model '{name}' has no version that loaded: {versions[0].LastError}");
            }
        }

        if (chosen.Kind != kind)
            return new Failure(FailureKind.WrongModelKind, $"Model '{name}' is a {chosen.Kind}; this endpoint needs a {kind}.");
        return chosen;
    }

    /// <summary>Whether every model is loaded and warmed (each name has a serving version, each configured default resolves), and what is missing.</summary>
    public Readiness CheckReadiness()
    {
        var problems = new List<string>();
        if (_fatalError is { } fatal) problems.Add(fatal);
        else if (!_initialLoadComplete) problems.Add("Models are loading and warming up.");
        else
        {
            var slots = Slots;
            if (slots.Count == 0) problems.Add($"The model repository {Root} has no model versions.");
            foreach (var group in slots.GroupBy(s => s.Name))
            {
                if (group.All(s => s.Current is null))
                    problems.Add($"Model '{group.Key}' has no serving version: {group.First().LastError ?? "loading"}.");
            }
            foreach (var kind in Enum.GetValues<ModelKind>())
            {
                if (DefaultName(kind) is { } name && !Resolve(kind, name, null).Succeeded)
                    problems.Add($"The default {kind} '{name}' cannot be served: {Resolve(kind, name, null).Failure!.Detail}");
            }
        }
        return new Readiness(problems.Count == 0, problems);
    }

    /// <summary>Releases every model after its queued work is done.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots.Values)
        {
            if (slot.Swap(null) is { } model) await model.DisposeAsync();
        }
        _slots.Clear();
    }

    private static string Key(string name, int version) => $"{name}/{version}";
}

/// <summary>The answer to "may traffic come?", with the reasons when not.</summary>
public sealed record Readiness(bool Ready, IReadOnlyList<string> Problems);
