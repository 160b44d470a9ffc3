using System.Buffers;

namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// The scratch memory of one convolution call, rented from the engine's pools and all given back when it is disposed:
/// per-worker buffers (<see cref="PerWorker"/>, optionally zeroed by each worker before it starts), buffers shared by
/// the workers (<see cref="Shared"/>) and offset tables (<see cref="Offsets"/>). It runs the images on the workers
/// (<see cref="Run"/>) and remembers which workers ran, so that only their partial sums are added up (<see cref="SumInto"/>).
/// </summary>
internal sealed class ConvScratch : IDisposable
{
    private readonly List<float[][]> perWorker = [];
    private readonly List<float[][]> zeroedByWorker = [];
    private readonly List<float[]> shared = [];
    private readonly List<int[]> offsets = [];
    private readonly bool[] ran;

    /// <summary>Scratch for a batch of images split over <see cref="ConvWorkers.Count"/>(batch) workers.</summary>
    public ConvScratch(int batch)
    {
        Workers = ConvWorkers.Count(batch);
        ran = new bool[Workers];
    }

    public int Workers { get; }

    /// <summary>
    /// One buffer of <paramref name="length"/> floats per worker: arbitrary contents, or zeros when each worker starts
    /// if <paramref name="zeroed"/> (cleared on the worker's own thread, so only workers that run pay for it).
    /// </summary>
    public float[][] PerWorker(int length, bool zeroed = false)
    {
        var buffers = ConvWorkers.Rent(Workers, length);
        perWorker.Add(buffers);
        if (zeroed) zeroedByWorker.Add(buffers);
        return buffers;
    }

    /// <summary>A buffer of <paramref name="length"/> floats for all workers (contents arbitrary).</summary>
    public float[] Shared(int length)
    {
        var buffer = BufferPool.Rent(length);
        shared.Add(buffer);
        return buffer;
    }

    /// <summary>A table of at least <paramref name="length"/> ints (contents arbitrary).</summary>
    public int[] Offsets(int length)
    {
        var table = ArrayPool<int>.Shared.Rent(length);
        offsets.Add(table);
        return table;
    }

    /// <summary>Calls <paramref name="body"/>(worker, firstImage, endImage) once per worker, as <see cref="ConvWorkers.Run"/>.</summary>
    public void Run(int batch, Action<int, int, int> body) => ConvWorkers.Run(batch, Workers, (worker, start, end) =>
    {
        ran[worker] = true;
        foreach (var buffers in zeroedByWorker) buffers[worker].AsSpan().Clear();
        body(worker, start, end);
    });

    /// <summary>Whether <paramref name="worker"/> ran (and so wrote its partial sums).</summary>
    public bool Ran(int worker) => ran[worker];

    /// <summary>target += the partial of every worker that ran (no-op when target is null).</summary>
    public void SumInto(float[]? target, float[][] partials) => ConvWorkers.SumInto(target, partials, ran);

    public void Dispose()
    {
        foreach (var buffers in perWorker) ConvWorkers.Return(buffers);
        foreach (var buffer in shared) BufferPool.Return(buffer);
        foreach (var table in offsets) ArrayPool<int>.Shared.Return(table);
        perWorker.Clear();
        zeroedByWorker.Clear();
        shared.Clear();
        offsets.Clear();
    }
}
