using System.Collections.Concurrent;
using DenoiseApi.OnnxRuntime;

namespace DenoiseApi.Inference;

/// <summary>
/// A fixed set of ONNX Runtime sessions of one model file. ORT's Run is thread-safe, so the pool exists to bound how
/// many runs (and ORT threads) are busy at once, not to guard correctness. <see cref="Run"/> rents a session, runs
/// and returns it in one place; nothing else touches the sessions.
/// </summary>
public sealed class SessionPool : IDisposable
{
    private readonly InferenceSession[] _sessions;
    private readonly ConcurrentQueue<InferenceSession> _idle;
    private readonly SemaphoreSlim _available;
    private readonly long[] _inputShape;
    private readonly long[] _outputShape;

    /// <param name="sessions">Sessions of the same model; the pool owns and disposes them.</param>
    /// <param name="inputName">The model input the batch is fed to.</param>
    /// <param name="inputShape">Input shape with the batch dimension first (its value is replaced per run).</param>
    /// <param name="outputName">The model output that is read.</param>
    /// <param name="outputShape">Output shape with the batch dimension first (its value is replaced per run).</param>
    public SessionPool(IReadOnlyList<InferenceSession> sessions, string inputName, IReadOnlyList<long> inputShape,
        string outputName, IReadOnlyList<long> outputShape)
    {
        if (sessions.Count == 0) throw new ArgumentException("A pool needs at least one session.", nameof(sessions));
        _sessions = [.. sessions];
        _idle = new ConcurrentQueue<InferenceSession>(_sessions);
        _available = new SemaphoreSlim(_sessions.Length, _sessions.Length);
        InputName = inputName;
        OutputName = outputName;
        _inputShape = [.. inputShape];
        _outputShape = [.. outputShape];
    }

    public string InputName { get; }

    public string OutputName { get; }

    public int Size => _sessions.Length;

    /// <summary>The sessions, for reading their metadata and for warm-up before the pool serves.</summary>
    public IReadOnlyList<InferenceSession> Sessions => _sessions;

    /// <summary>Runs a batch of <paramref name="count"/> items on a free session (waiting for one if all are busy).</summary>
    public void Run(ReadOnlySpan<float> inputs, int count, Span<float> outputs)
    {
        _available.Wait();
        if (!_idle.TryDequeue(out var session)) throw new InvalidOperationException("Session pool is inconsistent: a slot was free but no session was idle.");
        try
        {
            RunOn(session, inputs, count, outputs);
        }
        finally
        {
            _idle.Enqueue(session);
            _available.Release();
        }
    }

    /// <summary>Runs a batch on one given session (used by warm-up, which must touch every session).</summary>
    public void RunOn(InferenceSession session, ReadOnlySpan<float> inputs, int count, Span<float> outputs)
    {
        Span<long> inputShape = stackalloc long[_inputShape.Length];
        Span<long> outputShape = stackalloc long[_outputShape.Length];
        _inputShape.CopyTo(inputShape);
        _outputShape.CopyTo(outputShape);
        inputShape[0] = count;
        outputShape[0] = count;
        session.Run(InputName, inputs, inputShape, OutputName, outputs, outputShape);
    }

    public void Dispose()
    {
        foreach (var session in _sessions) session.Dispose();
        _available.Dispose();
    }
}
