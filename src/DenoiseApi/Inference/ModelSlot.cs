namespace DenoiseApi.Inference;

/// <summary>
/// One version folder of the repository and the model instance serving it. A reload builds a whole new
/// <see cref="ServedModel"/> and swaps it in with <see cref="Interlocked.Exchange{T}(ref T, T)"/>; a failed reload leaves
/// the current instance serving and records why.
/// </summary>
public sealed class ModelSlot(string name, int version, string directory)
{
    private ServedModel? _current;

    public string Name { get; } = name;

    public int Version { get; } = version;

    public string Directory { get; } = directory;

    /// <summary>The instance answering requests, or null while the first load runs or after it failed.</summary>
    public ServedModel? Current => Volatile.Read(ref _current);

    /// <summary>What the folder looked like when it was last loaded (or tried); a change triggers a reload.</summary>
    public string? Fingerprint { get; internal set; }

    /// <summary>True while a load or reload of this folder runs.</summary>
    public bool Loading { get; internal set; }

    /// <summary>Why the last load or reload failed, or null when it succeeded.</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset? LastErrorAt { get; private set; }

    /// <summary>Puts <paramref name="next"/> in service and returns the instance it replaced (to be drained and disposed).</summary>
    public ServedModel? Swap(ServedModel? next)
    {
        LastError = null;
        LastErrorAt = null;
        return Interlocked.Exchange(ref _current, next);
    }

    public void RecordFailure(string reason)
    {
        LastError = reason;
        LastErrorAt = DateTimeOffset.UtcNow;
    }

    /// <summary>"serving", "loading", "failed" — with a current instance a failed reload still reads "serving".</summary>
    public string State => Current is not null ? "serving" : Loading ? "loading" : LastError is not null ? "failed" : "pending";
}
