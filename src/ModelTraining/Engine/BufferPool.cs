namespace DenoiseApi.Training.Engine;

/// <summary>
/// Exact-length float buffers reused across training steps. Intermediate tensors of a step rent their data and
/// gradients here and <see cref="Tensor.ReleaseGraph"/> gives them back, so a steady training loop stops allocating
/// (the arrays are large enough to land on the large-object heap, where churn is expensive).
/// </summary>
internal static class BufferPool
{
    private const int MaxKeptPerLength = 32;
    private static readonly Dictionary<int, Stack<float[]>> Free = [];
    private static readonly Lock Gate = new();

    /// <summary>A buffer of exactly <paramref name="length"/> floats; its contents are arbitrary.</summary>
    public static float[] Rent(int length)
    {
        if (length == 0) return [];
        lock (Gate)
        {
            if (Free.TryGetValue(length, out var stack) && stack.Count > 0) return stack.Pop();
        }
        return GC.AllocateUninitializedArray<float>(length);
    }

    /// <summary>A buffer of exactly <paramref name="length"/> zeros.</summary>
    public static float[] RentCleared(int length)
    {
        var buffer = Rent(length);
        Array.Clear(buffer);
        return buffer;
    }

    public static void Return(float[] buffer)
    {
        if (buffer.Length == 0) return;
        lock (Gate)
        {
            if (!Free.TryGetValue(buffer.Length, out var stack))
            {
                stack = new Stack<float[]>();
                Free[buffer.Length] = stack;
            }
            if (stack.Count < MaxKeptPerLength) stack.Push(buffer);
        }
    }
}
