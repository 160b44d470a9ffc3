namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// Splits a batch of images into one contiguous range per core and runs the ranges in parallel. Inside a range
/// every GEMM stays on its worker's thread (<see cref="Gemm.SequentialOnThisThread"/>), so the two levels of
/// parallelism never nest. Per-worker scratch buffers are rented once per call from the engine's pool.
/// </summary>
internal static class ConvWorkers
{
    /// <summary>Workers for a batch: one per core, never more than there are images.</summary>
    public static int Count(int batch) => Math.Max(1, Math.Min(Gemm.MaxDegreeOfParallelism, batch));

    /// <summary>Calls <paramref name="body"/>(worker, firstImage, endImage) once per worker.</summary>
    public static void Run(int batch, int workers, Action<int, int, int> body)
    {
        if (workers <= 1)
        {
            RunOne(0, 0, batch, body);
            return;
        }
        var perWorker = (batch + workers - 1) / workers;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            var start = w * perWorker;
            var end = Math.Min(batch, start + perWorker);
            if (start < end) RunOne(w, start, end, body);
        });
    }

    /// <summary>One buffer of <paramref name="length"/> floats per worker (contents arbitrary).</summary>
    public static float[][] Rent(int workers, int length)
    {
        var buffers = new float[workers][];
        for (var i = 0; i < workers; i++) buffers[i] = BufferPool.Rent(length);
        return buffers;
    }

    /// <summary>target += every used worker's partial (no-op when target is null).</summary>
    public static void SumInto(float[]? target, float[][] partials, bool[] used)
    {
        if (target is null) return;
        for (var w = 0; w < partials.Length; w++)
        {
            if (used[w]) System.Numerics.Tensors.TensorPrimitives.Add(target, partials[w], target);
        }
    }

    public static void Return(float[][] buffers)
    {
        foreach (var buffer in buffers) BufferPool.Return(buffer);
    }

    private static void RunOne(int worker, int start, int end, Action<int, int, int> body)
    {
        var saved = Gemm.SequentialOnThisThread;
        Gemm.SequentialOnThisThread = true;
        try
        {
            body(worker, start, end);
        }
        finally
        {
            Gemm.SequentialOnThisThread = saved;
        }
    }
}
