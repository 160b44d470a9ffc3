namespace DenoiseApi.Training.Evaluation;

/// <summary>
/// Runs a model delegate over many inputs in batches and collects its outputs. The delegate gets a batch (n inputs laid
/// end to end) and n, and returns n outputs laid end to end.
/// </summary>
public static class BatchInference
{
    public const int DefaultBatchSize = 500;

    /// <summary>
    /// Feeds <paramref name="inputs"/> (<paramref name="count"/> inputs of equal size) to <paramref name="model"/>
    /// <paramref name="batchSize"/> at a time; returns count x <paramref name="outputSize"/> values.
    /// </summary>
    public static float[] Run(
        ReadOnlyMemory<float> inputs, int count, int outputSize, Func<ReadOnlyMemory<float>, int, float[]> model, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (count == 0)
        {
            return [];
        }

        if (inputs.Length % count != 0)
        {
            throw new ArgumentException($"{inputs.Length} input values do not make {count} equal inputs.", nameof(inputs));
        }

        int inputSize = inputs.Length / count;
        var outputs = new float[count * outputSize];
        for (int start = 0; start < count; start += batchSize)
        {
            int n = Math.Min(batchSize, count - start);
            float[] batch = model(inputs.Slice(start * inputSize, n * inputSize), n);
            if (batch.Length != n * outputSize)
            {
                throw new InvalidOperationException(
                    $"The model returned {batch.Length} values for a batch of {n}; expected {n} x {outputSize}.");
            }

            batch.CopyTo(outputs, start * outputSize);
        }

        return outputs;
    }
}
