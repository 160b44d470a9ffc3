using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace DenoiseApi.Inference;

/// <summary>
/// One ONNX Runtime session with what its runs need allocated once: pinned input and output buffers sized for the
/// largest batch, an <see cref="OrtIoBinding"/> per batch size binding tensors over those buffers (made on the first
/// run of that size), and the <see cref="RunOptions"/> whose <see cref="RunOptions.Terminate"/> flag a timer raises when
/// the run's deadline passes. A run copies the batch in, runs the binding and copies the output out: no managed
/// allocation per run. It runs one batch at a time (the <see cref="SessionPool"/> rents it out); it owns the session.
/// </summary>
public sealed class BoundSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ModelContract _contract;
    private readonly int _inputItemSize;
    private readonly int _outputItemSize;
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly OrtIoBinding?[] _bindings;
    private readonly List<OrtValue> _boundValues = [];
    private readonly RunOptions _runOptions = new();
    private readonly Timer _deadlineTimer;
    private readonly Lock _terminateGate = new();
    private long _stopAt = long.MaxValue;
    private bool _timerArmed;
    private bool _disposed;

    /// <param name="session">The session; this instance owns and disposes it.</param>
    /// <param name="contract">The input fed and the output read, checked against the manifest.</param>
    /// <param name="maxBatchSize">The largest batch a run may hold: the buffers' size.</param>
    public BoundSession(InferenceSession session, ModelContract contract, int maxBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _session = session;
        _contract = contract;
        _inputItemSize = contract.InputItemSize;
        _outputItemSize = contract.OutputItemSize;
        MaxBatchSize = maxBatchSize;
        _input = GC.AllocateArray<float>(maxBatchSize * _inputItemSize, pinned: true);
        _output = GC.AllocateArray<float>(maxBatchSize * _outputItemSize, pinned: true);
        _bindings = new OrtIoBinding?[maxBatchSize + 1];
        _deadlineTimer = new Timer(static state => ((BoundSession)state!).StopIfPastDeadline(), this, Timeout.Infinite, Timeout.Infinite);
    }

    public int MaxBatchSize { get; }

    /// <summary>
    /// Runs <paramref name="count"/> items laid out one after another in <paramref name="inputs"/> and writes their
    /// outputs the same way into <paramref name="outputs"/>. When the clock passes <paramref name="expiresAt"/> (a
    /// <see cref="Stopwatch.GetTimestamp"/> value; <see cref="long.MaxValue"/> for none) ONNX Runtime is told to stop,
    /// and a run it stopped throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime failed the run; its message says why.</exception>
    public void Run(ReadOnlySpan<float> inputs, int count, Span<float> outputs, long expiresAt = long.MaxValue)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxBatchSize);
        if (inputs.Length != count * _inputItemSize) throw new ArgumentException($"Expected {count * _inputItemSize} input values, got {inputs.Length}.", nameof(inputs));
        if (outputs.Length != count * _outputItemSize) throw new ArgumentException($"Expected room for {count * _outputItemSize} output values, got {outputs.Length}.", nameof(outputs));

        var binding = BindingFor(count);
        inputs.CopyTo(_input);
        Arm(expiresAt);
        try
        {
            _session.RunWithBinding(_runOptions, binding);
        }
        catch (OnnxRuntimeException e)
        {
            if (Disarm()) throw new OperationCanceledException("ONNX Runtime stopped the run: its deadline passed.", e);
            throw;
        }
        finally
        {
            Disarm();
        }
        _output.AsSpan(0, outputs.Length).CopyTo(outputs);
    }

    /// <summary>The binding of tensors [count, item shape] over the pinned buffers, made on the first run of that size.</summary>
    private OrtIoBinding BindingFor(int count)
    {
        if (_bindings[count] is { } bound) return bound;
        var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _input.AsMemory(0, count * _inputItemSize), WithBatch(_contract.InputShape, count));
        _boundValues.Add(input);
        var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(0, count * _outputItemSize), WithBatch(_contract.OutputShape, count));
        _boundValues.Add(output);
        var binding = _session.CreateIoBinding();
        try
        {
            binding.BindInput(_contract.InputName, input);
            binding.BindOutput(_contract.OutputName, output);
        }
        catch
        {
            binding.Dispose();
            throw;
        }
        return _bindings[count] = binding;
    }

    private static long[] WithBatch(IReadOnlyList<long> shape, int count)
    {
        var dims = shape.ToArray();
        dims[0] = count;
        return dims;
    }

    private void Arm(long expiresAt)
    {
        if (expiresAt == long.MaxValue) return;
        lock (_terminateGate) _stopAt = expiresAt;
        var remaining = expiresAt - Stopwatch.GetTimestamp();
        var dueMilliseconds = Math.Max(1, (remaining * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
        _deadlineTimer.Change(dueMilliseconds, Timeout.Infinite);
        _timerArmed = true;
    }

    /// <summary>The timer's callback: raises Terminate when the running batch is past its deadline (not for a late tick of an earlier run).</summary>
    private void StopIfPastDeadline()
    {
        lock (_terminateGate)
        {
            if (Stopwatch.GetTimestamp() >= _stopAt) _runOptions.Terminate = true;
        }
    }

    /// <summary>Ends the deadline of the current run; true when Terminate had been raised (it is lowered for the next run).</summary>
    private bool Disarm()
    {
        if (_timerArmed)
        {
            _deadlineTimer.Change(Timeout.Infinite, Timeout.Infinite);
            _timerArmed = false;
        }
        lock (_terminateGate)
        {
            _stopAt = long.MaxValue;
            if (!_runOptions.Terminate) return false;
            _runOptions.Terminate = false;
            return true;
        }
    }

    /// <summary>Releases the bindings, tensors, run options and the session. Must not race a run (the pool drains first).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _deadlineTimer.Dispose();
        foreach (var binding in _bindings) binding?.Dispose();
        foreach (var value in _boundValues) value.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
