namespace DenoiseApi.Inference;

/// <summary>Makes a freshly loaded model ready for traffic before it is swapped in.</summary>
public interface IModelWarmUp
{
    /// <summary>Runs real inferences on every session of <paramref name="pool"/>; throws when the model cannot run.</summary>
    Task WarmUpAsync(string model, SessionPool pool, ModelContract contract, int maxBatchSize, CancellationToken cancellationToken);
}

/// <summary>
/// Runs a single blank image and a full batch on each session, so that ONNX Runtime's first-run allocations and kernel
/// choices happen before any request arrives, and checks that the outputs are finite.
/// </summary>
public sealed class SessionWarmUp : IModelWarmUp
{
    public Task WarmUpAsync(string model, SessionPool pool, ModelContract contract, int maxBatchSize, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var outputItem = (int)contract.OutputItemShape.Aggregate(1L, (a, b) => a * b);
            foreach (var session in pool.Sessions)
            {
                foreach (var count in maxBatchSize > 1 ? new[] { 1, maxBatchSize } : [1])
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var inputs = new float[count * contract.InputItemSize];
                    var outputs = new float[count * outputItem];
                    session.Run(inputs, count, outputs);
                    if (!outputs.All(float.IsFinite))
                        throw new ModelLoadException($"Warm-up of {model} with a batch of {count} produced values that are not finite.");
                }
            }
        }, cancellationToken);
}
