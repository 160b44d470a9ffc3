using System.Diagnostics;
using DenoiseApi.Diagnostics;
using DenoiseApi.Errors;
using DenoiseApi.ModelStore;
using DenoiseApi.Options;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Inference;

/// <summary>Outputs of one model for the images of one request, in request order.</summary>
public sealed record InferenceAnswer(ServedModel Model, IReadOnlyList<float[]> Outputs);

/// <summary>
/// The one way endpoints reach a model: resolves it, offers every image to its batcher under the request's deadline
/// (which covers queueing and running) and collects the outputs in order. A full queue is answered at once; a model
/// being replaced is retried on its successor so that no request fails during a swap.
/// </summary>
public sealed class ModelInvoker(ModelRepository repository, IOptions<LimitsOptions> limits)
{
    private const int SwapRetries = 3;

    /// <summary>
    /// The 503 to answer at once, before the request body is read and decoded, when the model the request would reach
    /// has a full queue; null otherwise (also when the model cannot be resolved: <see cref="InvokeAsync"/> reports that
    /// after the input has been checked, as before).
    /// </summary>
    public Failure? RefuseIfOverloaded(ModelKind kind, ModelSelection selection) =>
        repository.Resolve(kind, selection.Name, selection.Version).TryGet(out var model, out _) && model.RefuseIfFull()
            ? QueueFull(model)
            : null;

    /// <summary>
    /// The denoiser to run before <paramref name="classifier"/> on <c>?denoise=true</c>: the one the request names;
    /// otherwise the denoiser the classifier was trained with (its manifest's family, when that is a servable
    /// denoiser), because a classifier is most accurate on the output style of the denoiser it learned from; otherwise
    /// the configured default denoiser.
    /// </summary>
    public ModelSelection DenoiserFor(ModelSelection classifier, ModelSelection denoiser)
    {
        if (denoiser.Name is not null) return denoiser;
        if (repository.Resolve(ModelKind.Classifier, classifier.Name, classifier.Version).TryGet(out var model, out _)
            && model.Manifest.Family is { } family
            && repository.Resolve(ModelKind.Denoiser, family, denoiser.Version).Succeeded)
        {
            return denoiser with { Name = family };
        }
        return denoiser;
    }

    public async Task<Outcome<InferenceAnswer>> InvokeAsync(ModelKind kind, ModelSelection selection, IReadOnlyList<float[]> inputs,
        CancellationToken requestAborted)
    {
        // The request's span around the model call (queueing and running); null, and free, unless traces are exported.
        using var span = ServiceMetrics.Tracing.StartActivity("inference");
        span?.SetTag("denoiseapi.model.kind", kind.ToString());
        span?.SetTag("denoiseapi.batch.size", inputs.Count);
        var deadlineMs = limits.Value.RequestDeadlineMilliseconds;
        // The clock decides whether a queued image may still run (the batcher checks it); the timer also releases a
        // caller whose images are already running.
        var expiresAt = Stopwatch.GetTimestamp() + (deadlineMs * Stopwatch.Frequency / 1000);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        deadline.CancelAfter(deadlineMs);

        for (var attempt = 0; ; attempt++)
        {
            var resolved = repository.Resolve(kind, selection.Name, selection.Version);
            if (!resolved.TryGet(out var model, out var failure)) return failure;
            span?.SetTag("denoiseapi.model", model.Label);

            var outputs = new Task<float[]>[inputs.Count];
            var status = EnqueueStatus.Accepted;
            for (var i = 0; i < inputs.Count && status == EnqueueStatus.Accepted; i++)
                status = model.TryEnqueue(inputs[i], expiresAt, deadline.Token, out outputs[i]);

            if (status != EnqueueStatus.Accepted)
            {
                // A retired model still runs what it accepted before the swap; the successor answers the whole request.
                if (status == EnqueueStatus.Retired && attempt < SwapRetries) continue;
                await deadline.CancelAsync(); // drop this request's queued images: they cost nothing more
                return status == EnqueueStatus.QueueFull
                    ? QueueFull(model)
                    : new Failure(FailureKind.NotReady, $"Model {model.Label} is being replaced; retry shortly.");
            }

            try
            {
                // One image (the common case) is awaited directly: no WhenAll task and array per request.
                return new InferenceAnswer(model, outputs.Length == 1 ? [await outputs[0]] : await Task.WhenAll(outputs));
            }
            catch (OperationCanceledException)
            {
                return requestAborted.IsCancellationRequested
                    ? new Failure(FailureKind.DeadlineExceeded, "The client disconnected.")
                    : new Failure(FailureKind.DeadlineExceeded, $"Model {model.Label} did not answer within the {deadlineMs} ms deadline.");
            }
            catch (Exception)
            {
                // The batcher has logged ONNX Runtime's error with the model and batch size.
                return new Failure(FailureKind.InferenceFailed, $"Model {model.Label} failed to run; the error is in the service log.");
            }
        }
    }

    private static Failure QueueFull(ServedModel model) =>
        new(FailureKind.Overloaded, $"The queue of model {model.Label} is full; retry shortly.");
}
