using System.Collections.Concurrent;

namespace DenoiseApi.Inference;

/// <summary>
/// A fixed set of sessions of one model file, each with its own pre-allocated buffers (<see cref="BoundSession"/>). The
/// pool bounds how many runs (and ONNX Runtime threads) are busy at once and gives each run a session to itself, so a
/// session's buffers serve one batch at a time. <see cref="Run"/> rents a session, runs and returns it in one place;
/// nothing else touches the sessions.
/// </summary>
public sealed class SessionPool : IDisposable
{
    private readonly BoundSession[] _sessions;
    private readonly ConcurrentQueue<BoundSession> _idle;
    private readonly SemaphoreSlim _available;

    /// <param name="sessions">Sessions of the same model; the pool owns and disposes them.</param>
    /// <param name="contract">The input fed and the output read.</param>
    public SessionPool(IReadOnlyList<BoundSession> sessions, ModelContract contract)
    {
        if (sessions.Count == 0) throw new ArgumentException("A pool needs at least one session.", nameof(sessions));
        _sessions = [.. sessions];
        _idle = new ConcurrentQueue<BoundSession>(_sessions);
        _available = new SemaphoreSlim(_sessions.Length, _sessions.Length);
        InputName = contract.InputName;
        OutputName = contract.OutputName;
    }

    public string InputName { get; }

    public string OutputName { get; }

    public int Size => _sessions.Length;

    /// <summary>The sessions, for warm-up before the pool serves.</summary>
    public IReadOnlyList<BoundSession> Sessions => _sessions;

    /// <summary>
    /// Runs a batch of <paramref name="count"/> items on a free session (waiting for one if all are busy); ONNX Runtime
    /// stops it once the clock passes <paramref name="expiresAt"/> (see <see cref="BoundSession.Run"/>).
    /// </summary>
    public void Run(ReadOnlySpan<float> inputs, int count, Span<float> outputs, long expiresAt)
    {
        _available.Wait();
        if (!_idle.TryDequeue(out var session)) throw new InvalidOperationException("Session pool is inconsistent: a slot was free but no session was idle.");
        try
        {
            session.Run(inputs, count, outputs, expiresAt);
        }
        finally
        {
            _idle.Enqueue(session);
            _available.Release();
        }
    }

    public void Dispose()
    {
        foreach (var session in _sessions) session.Dispose();
        _available.Dispose();
    }
}
