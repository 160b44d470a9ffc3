using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using DenoiseApi.Diagnostics;

namespace DenoiseApi.Inference;

/// <summary>
/// Gathers single-item requests for one model into batches and runs them. Items wait in a bounded channel; a gathering
/// loop takes the first waiting item as soon as a run slot is free and adds whatever else is waiting up to
/// <see cref="BatchingSettings.MaxBatchSize"/> (items that arrived while every slot was busy form the batch). While
/// another batch is running it waits at most <see cref="BatchingSettings.MaxQueueDelay"/> for more; when no other batch
/// is running (the pool is idle, or the previous batch just finished) it starts at once, as waiting would only leave
/// the model idle. It then runs the batch on the thread pool and hands each caller its own slice of the output. A full
/// queue refuses at once; an item whose caller gave up (disconnect) or whose deadline passed before its batch runs is
/// dropped without costing inference. Deadlines are checked against the clock when a batch is gathered and again just
/// before it runs, so they hold even when the thread pool is too busy to run a cancellation timer on time.
/// </summary>
public sealed class DynamicBatcher : IAsyncDisposable
{
    private readonly string _model;
    private readonly int _inputSize;
    private readonly int _outputSize;
    private readonly BatchingSettings _settings;
    private readonly BatchRun _run;
    private readonly ServiceMetrics? _metrics;
    private readonly Action<Exception, int>? _onFailure;
    private readonly Channel<PendingItem> _queue;
    private readonly SemaphoreSlim _slots;
    private readonly Task _loop;
    private volatile bool _retired;
    private int _running;

    public DynamicBatcher(string model, int inputSize, int outputSize, BatchingSettings settings, BatchRun run,
        ServiceMetrics? metrics = null, Action<Exception, int>? onFailure = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.QueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Concurrency, 1);
        _model = model;
        _inputSize = inputSize;
        _outputSize = outputSize;
        _settings = settings;
        _run = run;
        _metrics = metrics;
        _onFailure = onFailure;
        _queue = Channel.CreateBounded<PendingItem>(new BoundedChannelOptions(settings.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _slots = new SemaphoreSlim(settings.Concurrency, settings.Concurrency);
        _loop = Task.Run(GatherLoopAsync);
    }

    /// <summary>Items waiting to be gathered into a batch.</summary>
    public int QueueDepth => _queue.Reader.Count;

    /// <summary>
    /// True, and counted as a rejection, when the queue is full right now: lets a caller refuse a request before reading
    /// and decoding its body. <see cref="TryEnqueue(float[], long, CancellationToken, out Task{float[]})"/> still decides for the items actually offered.
    /// </summary>
    public bool RefuseIfFull()
    {
        if (_queue.Reader.Count < _settings.QueueCapacity) return false;
        _metrics?.Rejected(_model);
        return true;
    }

    /// <summary>
    /// Offers one item (<c>inputSize</c> floats, not copied: the caller must not change it). When accepted,
    /// <paramref name="output"/> completes with the item's output, or is cancelled when <paramref name="cancellationToken"/>
    /// fires first or when the item has not started running by <paramref name="expiresAt"/> (a
    /// <see cref="Stopwatch.GetTimestamp"/> value; <see cref="long.MaxValue"/> for none).
    /// </summary>
    public EnqueueStatus TryEnqueue(float[] input, long expiresAt, CancellationToken cancellationToken, out Task<float[]> output)
    {
        if (input.Length != _inputSize) throw new ArgumentException($"Expected {_inputSize} values, got {input.Length}.", nameof(input));
        output = Task.FromCanceled<float[]>(new CancellationToken(true));
        if (_retired) return EnqueueStatus.Retired;
        var item = new PendingItem(input, expiresAt, cancellationToken);
        if (!_queue.Writer.TryWrite(item))
        {
            if (_retired) return EnqueueStatus.Retired;
            _metrics?.Rejected(_model);
            return EnqueueStatus.QueueFull;
        }
        _metrics?.Enqueued(_model);
        item.WatchCancellation();
        output = item.Task;
        return EnqueueStatus.Accepted;
    }

    /// <summary>Offers one item with no deadline of its own (see the overload with <c>expiresAt</c>).</summary>
    public EnqueueStatus TryEnqueue(float[] input, CancellationToken cancellationToken, out Task<float[]> output) =>
        TryEnqueue(input, long.MaxValue, cancellationToken, out output);

    private async Task GatherLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await _slots.WaitAsync().ConfigureAwait(false);
            var batch = new List<PendingItem>(Math.Min(_settings.MaxBatchSize, 64));
            Drain(reader, batch);
            if (batch.Count > 0 && batch.Count < _settings.MaxBatchSize && _settings.MaxQueueDelay > TimeSpan.Zero)
                await WaitForMoreAsync(reader, batch).ConfigureAwait(false);
            DropGivenUp(batch);
            if (batch.Count == 0)
            {
                _slots.Release();
                continue;
            }
            Interlocked.Increment(ref _running);
            _ = Task.Run(() => Execute(batch));
        }
    }

    /// <summary>
    /// Waits for more items until the batch is full, the oldest item has waited <see cref="BatchingSettings.MaxQueueDelay"/>,
    /// or no other batch is running any more. .NET timers cannot wait less than a millisecond, so the last sub-millisecond
    /// stretch is one yield to the thread pool (the requests already being read get to add their items) and one more
    /// look at the queue, rather than a spin that would take a core from those requests.
    /// </summary>
    private async Task WaitForMoreAsync(ChannelReader<PendingItem> reader, List<PendingItem> batch)
    {
        var deadline = batch[0].EnqueuedAt + (long)(_settings.MaxQueueDelay.TotalSeconds * Stopwatch.Frequency);
        var oneMillisecond = Stopwatch.Frequency / 1000;
        while (batch.Count < _settings.MaxBatchSize && Volatile.Read(ref _running) > 0)
        {
            var remaining = deadline - Stopwatch.GetTimestamp();
            if (remaining <= 0) return;
            if (remaining < oneMillisecond)
            {
                await Task.Yield();
                Drain(reader, batch);
                return;
            }
            await Task.Delay(1).ConfigureAwait(false);
            Drain(reader, batch);
        }
    }

    private void Drain(ChannelReader<PendingItem> reader, List<PendingItem> batch)
    {
        var taken = 0;
        var now = Stopwatch.GetTimestamp();
        while (batch.Count < _settings.MaxBatchSize && reader.TryRead(out var item))
        {
            taken++;
            if (!item.GaveUp(now)) batch.Add(item);
        }
        if (taken > 0) _metrics?.Dequeued(_model, taken);
    }

    /// <summary>Removes the items whose caller gave up or whose deadline has passed, against one reading of the clock.</summary>
    private static void DropGivenUp(List<PendingItem> batch)
    {
        var now = Stopwatch.GetTimestamp();
        var kept = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (!batch[i].GaveUp(now)) batch[kept++] = batch[i];
        }
        batch.RemoveRange(kept, batch.Count - kept);
    }

    private void Execute(List<PendingItem> batch)
    {
        float[]? inputs = null;
        float[]? outputs = null;
        try
        {
            DropGivenUp(batch); // callers that gave up, or ran out of time, while the batch was gathered
            var count = batch.Count;
            if (count == 0) return;
            inputs = ArrayPool<float>.Shared.Rent(count * _inputSize);
            outputs = ArrayPool<float>.Shared.Rent(count * _outputSize);
            var expiresAt = batch[0].ExpiresAt;
            for (var i = 0; i < count; i++)
            {
                batch[i].Input.CopyTo(inputs.AsSpan(i * _inputSize, _inputSize));
                expiresAt = Math.Max(expiresAt, batch[i].ExpiresAt); // the run is stopped only once nobody waits for it
            }

            var started = Stopwatch.GetTimestamp();
            _run(inputs.AsSpan(0, count * _inputSize), count, outputs.AsSpan(0, count * _outputSize), expiresAt);
            _metrics?.BatchRun(_model, count, Stopwatch.GetElapsedTime(started).TotalSeconds);

            for (var i = 0; i < count; i++) batch[i].Complete(outputs.AsSpan(i * _outputSize, _outputSize).ToArray());
        }
        catch (Exception e)
        {
            _onFailure?.Invoke(e, batch.Count);
            foreach (var item in batch) item.Fail(e);
        }
        finally
        {
            if (inputs is not null) ArrayPool<float>.Shared.Return(inputs);
            if (outputs is not null) ArrayPool<float>.Shared.Return(outputs);
            Interlocked.Decrement(ref _running);
            _slots.Release();
        }
    }

    /// <summary>Stops accepting items, runs every item already queued, and waits for all running batches.</summary>
    public async ValueTask DisposeAsync()
    {
        _retired = true;
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        for (var i = 0; i < _settings.Concurrency; i++) await _slots.WaitAsync().ConfigureAwait(false);
        _slots.Dispose();
    }

    /// <summary>One waiting item: its input, its caller's token and deadline, and the task the caller awaits.</summary>
    private sealed class PendingItem(float[] input, long expiresAt, CancellationToken cancellationToken)
        : TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        private CancellationTokenRegistration _registration;

        public float[] Input { get; } = input;

        /// <summary>When the caller stops waiting (a <see cref="Stopwatch.GetTimestamp"/> value; <see cref="long.MaxValue"/> for never).</summary>
        public long ExpiresAt => expiresAt;

        public long EnqueuedAt { get; } = Stopwatch.GetTimestamp();

        public void WatchCancellation()
        {
            if (!cancellationToken.CanBeCanceled) return;
            _registration = cancellationToken.Register(static state =>
            {
                var item = (PendingItem)state!;
                item.TrySetCanceled(item.Token);
            }, this);
        }

        private CancellationToken Token => cancellationToken;

        /// <summary>
        /// True when the caller no longer waits for this item: it was cancelled, or its deadline is past at
        /// <paramref name="now"/> (then it is cancelled here, whether or not the caller's timer has fired yet).
        /// </summary>
        public bool GaveUp(long now)
        {
            if (Task.IsCompleted) return true;
            if (now < expiresAt) return false;
            TrySetCanceled();
            _registration.Dispose();
            return true;
        }

        public void Complete(float[] output)
        {
            TrySetResult(output);
            _registration.Dispose();
        }

        public void Fail(Exception exception)
        {
            TrySetException(exception);
            _registration.Dispose();
        }
    }
}
