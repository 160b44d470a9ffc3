namespace DenoiseApi.Training.Training;

/// <summary>
/// Input buffers of one batch size, reused across steps (an epoch has at most two sizes: full batches and the rest),
/// so the loop does not allocate its inputs per step.
/// </summary>
internal sealed class BatchBuffers
{
    private readonly Dictionary<int, (float[] Clean, float[] Noisy, int[] Labels)> bySize = [];

    public (float[] Clean, float[] Noisy, int[] Labels) For(int batchSize, int imageSize)
    {
        if (!bySize.TryGetValue(batchSize, out var buffers))
        {
            buffers = (new float[batchSize * imageSize], new float[batchSize * imageSize], new int[batchSize]);
            bySize[batchSize] = buffers;
        }
        return buffers;
    }
}
