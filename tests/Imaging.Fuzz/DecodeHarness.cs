using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Memory;

namespace DenoiseApi.Imaging.Fuzz;

/// <summary>How one hostile input was handled.</summary>
public enum OutcomeKind
{
    /// <summary>Decoded (and preprocessed) to a well-formed image.</summary>
    Decoded,

    /// <summary>Refused with <see cref="ImageDecodeException"/>: the only acceptable failure.</summary>
    Refused,

    /// <summary>
    /// Any other exception escaped, or ImageSharp failed with an exception that is not one of its documented ones for bad
    /// data (the client still gets a 400, but it is a decoder defect worth reporting): a bug.
    /// </summary>
    Crashed,

    /// <summary>Decoding returned an image whose pixels are not finite values in [0, 1], or whose size is wrong: a bug.</summary>
    InvalidOutput,

    /// <summary>Stopped by the deadline (cancellation), as the service stops a decode that runs past the request's deadline.</summary>
    Stopped,

    /// <summary>Did not finish within the watchdog time, even though cancelled: a bug.</summary>
    Hung,
}

/// <summary>The outcome of one attempt, with the bytes the decoding thread allocated.</summary>
public sealed record DecodeOutcome(OutcomeKind Kind, ImageErrorKind? ErrorKind, Exception? Exception, long AllocatedBytes)
{
    /// <summary>What the service answers well: an image, a 4xx, or a stop at the deadline (503).</summary>
    public bool IsAcceptable => Kind is OutcomeKind.Decoded or OutcomeKind.Refused or OutcomeKind.Stopped;

    /// <summary>
    /// Refused as the client would see it (a 4xx), but because ImageSharp threw something other than its documented
    /// failures for bad data (e.g. a NullReferenceException on a truncated JPEG): a defect of the library to report.
    /// </summary>
    public bool IsLibraryDefect => Kind == OutcomeKind.Refused
        && Exception?.InnerException is { } inner
        && inner is not (ImageFormatException or NotSupportedException or InvalidMemoryOperationException or InvalidDataException);
}

/// <summary>
/// Runs the upload path (Probe, DecodeGray through ImageSharp, ToModelInput) on untrusted bytes under a watchdog, and
/// classifies what happened. Used by the property tests and the fuzz command alike.
/// </summary>
public static class DecodeHarness
{
    /// <summary>
    /// Decodes under a deadline of <paramref name="deadline"/> (the cancellation the service passes on), and counts the
    /// input as hung when it has not returned <paramref name="watchdog"/> after it.
    /// </summary>
    public static DecodeOutcome Run(byte[] data, ImageLimits limits, TimeSpan watchdog, TimeSpan? deadline = null)
    {
        using var cancellation = new CancellationTokenSource(deadline ?? watchdog);
        var attempt = Task.Run(() => Attempt(data, limits, cancellation.Token));
        return attempt.Wait(watchdog + (deadline ?? TimeSpan.Zero)) ? attempt.Result : new DecodeOutcome(OutcomeKind.Hung, null, null, 0);
    }

    private static DecodeOutcome Attempt(byte[] data, ImageLimits limits, CancellationToken cancellationToken)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            try
            {
                ImageDecoder.Probe(data, cancellationToken);
            }
            catch (ImageDecodeException)
            {
                // Probe and DecodeGray may disagree on what fails first (Probe reads less); both must fail cleanly.
            }

            GrayImage image = ImageDecoder.DecodeGray(data, limits, cancellationToken);
            if (!IsWellFormed(image, limits))
            {
                return new DecodeOutcome(OutcomeKind.InvalidOutput, null, null, Allocated(before));
            }

            try
            {
                PreprocessResult input = DigitPreprocessor.ToModelInput(image, PreprocessOptions.Default);
                if (input.Pixels.Length != 784 || input.Pixels.Any(v => !(v >= 0f && v <= 1f)))
                {
                    return new DecodeOutcome(OutcomeKind.InvalidOutput, null, null, Allocated(before));
                }
            }
            catch (ImageDecodeException e) when (e.Kind == ImageErrorKind.Empty)
            {
                // A decoded image without a digit in it: a valid answer.
            }

            return new DecodeOutcome(OutcomeKind.Decoded, null, null, Allocated(before));
        }
        catch (ImageDecodeException e)
        {
            return new DecodeOutcome(OutcomeKind.Refused, e.Kind, e, Allocated(before));
        }
        catch (OperationCanceledException e)
        {
            return new DecodeOutcome(OutcomeKind.Stopped, null, e, Allocated(before));
        }
#pragma warning disable CA1031 // Catching everything is the point: any other exception is the bug being hunted.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new DecodeOutcome(OutcomeKind.Crashed, null, e, Allocated(before));
        }
    }

    private static bool IsWellFormed(GrayImage image, ImageLimits limits) =>
        image.Width > 0 && image.Height > 0 && image.Width <= limits.MaxDimension && image.Height <= limits.MaxDimension
        && (long)image.Width * image.Height <= limits.MaxPixels && image.Pixels.Length == image.Width * image.Height
        && !image.Pixels.Any(v => !(v >= 0f && v <= 1f));

    private static long Allocated(long before) => GC.GetAllocatedBytesForCurrentThread() - before;
}
