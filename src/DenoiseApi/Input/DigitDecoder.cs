using DenoiseApi.Errors;
using DenoiseApi.Imaging;
using DenoiseApi.Options;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Input;

/// <summary>
/// Decodes a request's uploaded images and turns each into the 28x28 model input, bounded like inference: every header is
/// identified first and the request's decoded pixels (summed over its images) are checked against the pixel budget
/// before any pixel is decoded (413 at once); decoding then waits for one of the <see cref="DecodeGate"/>'s slots (unless
/// the request is small enough to pass ungated) and runs under the request's deadline and RequestAborted (503 or the client's disconnect stop it). The imaging
/// library's one error becomes a <see cref="Failure"/> of the matching kind.
/// </summary>
public sealed class DigitDecoder(IOptions<LimitsOptions> limits, DecodeGate gate)
{
    private readonly ImageLimits _imageLimits = new(limits.Value.MaxPixels);

    public async Task<Outcome<IReadOnlyList<PreprocessResult>>> DecodeAsync(IReadOnlyList<UploadedImage> images, PreprocessOptions options,
        CancellationToken requestAborted)
    {
        var deadlineMs = limits.Value.RequestDeadlineMilliseconds;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        deadline.CancelAfter(deadlineMs);
        try
        {
            long total = 0;
            var probed = new ImageInfo[images.Count];
            for (var i = 0; i < images.Count; i++)
            {
                try
                {
                    probed[i] = ImageDecoder.Probe(images[i].Bytes, deadline.Token);
                    total += probed[i].Pixels;
                }
                catch (ImageDecodeException e)
                {
                    return FailureOf(e, images, i);
                }
            }
            if (total > limits.Value.MaxPixels)
                return Failure.TooLarge($"The request's images hold {total} pixels together; at most {limits.Value.MaxPixels} are decoded per request.");

            // A request of a few small images (a 28x28 digit is 784 pixels) costs microseconds to decode: queueing it
            // behind a request that decodes megapixels would only add its wait, and at high request rates the
            // semaphore itself was contended. Only requests above DecodeGate.UngatedPixels take a slot.
            using var slot = total <= DecodeGate.UngatedPixels ? null : await gate.EnterAsync(deadline.Token);
            var results = new PreprocessResult[images.Count];
            for (var i = 0; i < images.Count; i++)
            {
                try
                {
                    var gray = ImageDecoder.DecodeGray(images[i].Bytes, probed[i], _imageLimits, deadline.Token);
                    results[i] = DigitPreprocessor.ToModelInput(gray, options);
                }
                catch (ImageDecodeException e)
                {
                    return FailureOf(e, images, i);
                }
            }
            return results;
        }
        catch (OperationCanceledException)
        {
            return new Failure(FailureKind.DeadlineExceeded, requestAborted.IsCancellationRequested
                ? "The client disconnected."
                : $"The images were not decoded within the {deadlineMs} ms deadline.");
        }
        catch (OutOfMemoryException)
        {
            return new Failure(FailureKind.Overloaded, "Not enough memory to decode the images now; retry shortly.");
        }
    }

    private static Failure FailureOf(ImageDecodeException e, IReadOnlyList<UploadedImage> images, int index) =>
        new(KindOf(e.Kind), images.Count == 1 ? e.Message : $"{images[index].Source}: {e.Message}");

    internal static FailureKind KindOf(ImageErrorKind kind) => kind switch
    {
        ImageErrorKind.Unsupported => FailureKind.UnsupportedFormat,
        ImageErrorKind.TooLarge => FailureKind.TooLarge,
        ImageErrorKind.Empty => FailureKind.NotADigit,
        _ => FailureKind.MalformedImage,
    };
}
