using DenoiseApi.Inference;

namespace DenoiseApi.Tests.Units;

/// <summary>The batcher with a plain function in place of a model: items are [a, b], outputs [a + b, a * b].</summary>
public sealed class DynamicBatcherTests
{
    private sealed class RecordingRun : IDisposable
    {
        private readonly SemaphoreSlim _gate;
        private readonly List<int> _batchSizes = [];
        private readonly List<long> _deadlines = [];

        public RecordingRun(bool startOpen) => _gate = new SemaphoreSlim(startOpen ? int.MaxValue / 2 : 0);

        /// <summary>Completes when a batch has entered the run (and, if the gate is closed, is waiting there).</summary>
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<int> BatchSizes
        {
            get
            {
                lock (_batchSizes) return [.. _batchSizes];
            }
        }

        /// <summary>The <c>expiresAt</c> each run was given, in run order.</summary>
        public IReadOnlyList<long> Deadlines
        {
            get
            {
                lock (_batchSizes) return [.. _deadlines];
            }
        }

        public bool FailNext { get; set; }

        public void Open() => _gate.Release(int.MaxValue / 2);

        public void Dispose() => _gate.Dispose();

        public void Run(ReadOnlySpan<float> inputs, int count, Span<float> outputs, long expiresAt)
        {
            lock (_batchSizes)
            {
                _batchSizes.Add(count);
                _deadlines.Add(expiresAt);
            }
            Entered.TrySetResult();
            _gate.Wait();
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("model failed");
            }
            for (var i = 0; i < count; i++)
            {
                outputs[2 * i] = inputs[2 * i] + inputs[(2 * i) + 1];
                outputs[(2 * i) + 1] = inputs[2 * i] * inputs[(2 * i) + 1];
            }
        }
    }

    private const long HourInMicroseconds = 3_600_000_000;

    private static DynamicBatcher Create(RecordingRun run, int maxBatch = 8, int capacity = 1000, int concurrency = 1, long delayMicroseconds = 0) =>
        new("test/1", 2, 2, new BatchingSettings(maxBatch, TimeSpan.FromTicks(delayMicroseconds * TimeSpan.TicksPerMicrosecond), capacity, concurrency), run.Run);

    [Fact]
    public async Task ConcurrentCallersEachGetTheirOwnResult()
    {
        using var run = new RecordingRun(startOpen: true);
        await using var batcher = Create(run, maxBatch: 16, concurrency: 2, delayMicroseconds: 500);
        var callers = Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            float a = i, b = (i % 7) + 1;
            Assert.Equal(EnqueueStatus.Accepted, batcher.TryEnqueue([a, b], CancellationToken.None, out var output));
            var result = await output;
            return (i, result, expected: new[] { a + b, a * b });
        })).ToList();

        foreach (var (i, result, expected) in await Task.WhenAll(callers)) Assert.True(expected.SequenceEqual(result), $"Caller {i} got [{string.Join(", ", result)}].");
        Assert.Equal(400, run.BatchSizes.Sum());
    }

    [Fact]
    public async Task ItemsWaitingForABusyModelAreGatheredIntoBatchesUpToTheMaximum()
    {
        using var run = new RecordingRun(startOpen: false);
        await using var batcher = Create(run, maxBatch: 4);
        batcher.TryEnqueue([1, 1], CancellationToken.None, out var first);
        await run.Entered.Task; // the first item runs alone and holds the only slot
        var rest = new List<Task<float[]>>();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(EnqueueStatus.Accepted, batcher.TryEnqueue([i, 2], CancellationToken.None, out var output));
            rest.Add(output);
        }
        run.Open();
        await first;
        var results = await Task.WhenAll(rest);

        Assert.Equal([1, 4, 4, 2], run.BatchSizes);
        for (var i = 0; i < 10; i++) Assert.Equal(new float[] { i + 2, i * 2 }, results[i]);
    }

    [Fact]
    public async Task AnIdlePoolRunsTheFirstItemWithoutWaitingForTheDelay()
    {
        using var run = new RecordingRun(startOpen: true);
        await using var batcher = Create(run, maxBatch: 8, concurrency: 2, delayMicroseconds: HourInMicroseconds);
        Assert.Equal(EnqueueStatus.Accepted, batcher.TryEnqueue([3, 4], CancellationToken.None, out var output));

        // Were the hour-long delay applied to an idle pool, this would give up long before it.
        Assert.Equal(new float[] { 7, 12 }, await output.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal([1], run.BatchSizes);
    }

    [Fact]
    public async Task WhileAnotherBatchRunsTheNextGathersUntilItIsFull()
    {
        using var run = new RecordingRun(startOpen: false);
        await using var batcher = Create(run, maxBatch: 3, concurrency: 2, delayMicroseconds: HourInMicroseconds);
        batcher.TryEnqueue([1, 1], CancellationToken.None, out var first);
        await run.Entered.Task; // runs alone on an idle pool and holds one of the two slots
        var rest = new List<Task<float[]>>();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(EnqueueStatus.Accepted, batcher.TryEnqueue([i, 3], CancellationToken.None, out var output));
            rest.Add(output);
        }
        run.Open();
        await first;
        var outputs = await Task.WhenAll(rest);

        Assert.Equal([1, 3], run.BatchSizes); // the free slot waited for a full batch instead of running the second item alone
        for (var i = 0; i < 3; i++) Assert.Equal(new float[] { i + 3, i * 3 }, outputs[i]);
    }

    [Fact]
    public async Task AWaitingBatchStartsAsSoonAsThePreviousOneFinishes()
    {
        using var run = new RecordingRun(startOpen: false);
        await using var batcher = Create(run, maxBatch: 8, concurrency: 2, delayMicroseconds: HourInMicroseconds);
        batcher.TryEnqueue([1, 1], CancellationToken.None, out var first);
        await run.Entered.Task;
        Assert.Equal(EnqueueStatus.Accepted, batcher.TryEnqueue([2, 5], CancellationToken.None, out var second));

        run.Open(); // the first batch ends; the second (one item of eight, an hour's delay) no longer has anything to wait for
        await first;
        Assert.Equal(new float[] { 7, 10 }, await second.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal([1, 1], run.BatchSizes);
    }

    [Fact]
    public async Task AFullQueueRefusesTheNextItemAtOnce()
    {
        using var run = new RecordingRun(startOpen: false);
        await using var batcher = Create(run, maxBatch: 1, capacity: 3);
        batcher.TryEnqueue([0, 0], CancellationToken.None, out _);
        await run.Entered.Task;
        for (var i = 0; i < 3; i++)
        {
            Assert.False(batcher.RefuseIfFull(), $"Refused with {i} of 3 places taken.");
            Assert.Equal(EnqueueStatus.Accepted, batcher.TryEnqueue([i, i], CancellationToken.None, out _));
        }
        Assert.Equal(3, batcher.QueueDepth);

        Assert.True(batcher.RefuseIfFull(), "A caller can refuse before reading its input once the queue is full.");
        Assert.Equal(EnqueueStatus.QueueFull, batcher.TryEnqueue([9, 9], CancellationToken.None, out _));
        run.Open();
    }

    [Fact]
    public async Task AnItemWhoseCallerGaveUpIsNeverRun()
    {
        using var run = new RecordingRun(startOpen: false);
        await using var batcher = Create(run, maxBatch: 8);
        batcher.TryEnqueue([0, 0], CancellationToken.None, out var first);
        await run.Entered.Task;
        using var gaveUp = new CancellationTokenSource();
        batcher.TryEnqueue([5, 5], gaveUp.Token, out var abandoned);
        batcher.TryEnqueue([3, 4], CancellationToken.None, out var kept);
        await gaveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        run.Open();
        await first;
        Assert.Equal(new float[] { 7, 12 }, await kept);
        Assert.Equal([1, 1], run.BatchSizes); // the abandoned item cost no inference
    }

    [Fact]
    public async Task AnItemPastItsDeadlineIsNeverRunEvenWithoutACancellationTimer()
    {
        using var run = new RecordingRun(startOpen: false);
        await using var batcher = Create(run, maxBatch: 8);
        batcher.TryEnqueue([0, 0], CancellationToken.None, out var first);
        await run.Entered.Task;
        // No token will ever fire for these two: only the clock says the first one's time is up.
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        batcher.TryEnqueue([5, 5], expiresAt: now, CancellationToken.None, out var expired);
        batcher.TryEnqueue([3, 4], expiresAt: long.MaxValue, CancellationToken.None, out var kept);

        run.Open();
        await first;
        Assert.Equal(new float[] { 7, 12 }, await kept);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => expired);
        Assert.Equal([1, 1], run.BatchSizes); // the expired item cost no inference
    }

    [Fact]
    public async Task ARunIsGivenTheLatestDeadlineOfItsItemsSoItIsStoppedOnlyWhenNobodyWaits()
    {
        using var run = new RecordingRun(startOpen: false);
        await using var batcher = Create(run, maxBatch: 8);
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        var hour = System.Diagnostics.Stopwatch.Frequency * 3600;
        batcher.TryEnqueue([0, 0], expiresAt: now + hour, CancellationToken.None, out var first);
        await run.Entered.Task;
        batcher.TryEnqueue([1, 1], expiresAt: now + (2 * hour), CancellationToken.None, out var a);
        batcher.TryEnqueue([2, 2], expiresAt: now + (3 * hour), CancellationToken.None, out var b);
        batcher.TryEnqueue([3, 3], expiresAt: now + hour, CancellationToken.None, out var c);
        batcher.TryEnqueue([4, 4], CancellationToken.None, out var never);

        run.Open();
        await Task.WhenAll(first, a, b, c, never);
        Assert.Equal([1, 4], run.BatchSizes);
        Assert.Equal([now + hour, long.MaxValue], run.Deadlines);
    }

    [Fact]
    public async Task AFailingRunFailsItsOwnItemsAndTheNextBatchStillRuns()
    {
        using var run = new RecordingRun(startOpen: true) { FailNext = true };
        await using var batcher = Create(run, maxBatch: 1);
        batcher.TryEnqueue([1, 2], CancellationToken.None, out var failed);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failed);
        batcher.TryEnqueue([2, 3], CancellationToken.None, out var next);
        Assert.Equal(new float[] { 5, 6 }, await next);
    }

    [Fact]
    public async Task DisposingRunsWhatIsQueuedAndRetiresTheBatcher()
    {
        using var run = new RecordingRun(startOpen: false);
        var batcher = Create(run, maxBatch: 2);
        batcher.TryEnqueue([1, 1], CancellationToken.None, out var a);
        await run.Entered.Task;
        batcher.TryEnqueue([2, 2], CancellationToken.None, out var b);
        var disposing = batcher.DisposeAsync().AsTask();
        Assert.Equal(EnqueueStatus.Retired, batcher.TryEnqueue([3, 3], CancellationToken.None, out _));
        run.Open();
        await disposing;
        Assert.Equal(new float[] { 2, 1 }, await a);
        Assert.Equal(new float[] { 4, 4 }, await b);
    }
}
