namespace DenoiseApi.Imaging.Fuzz;

/// <summary>How one hostile input was handled.</summary>
public enum OutcomeKind
{
    /// <summary>Decoded (and preprocessed) to a well-formed image.</summary>
    Decoded,

    /// <summary>Refused with <see cref="ImageDecodeException"/>: the only acceptable failure.</summary>
    Refused,

    /// <summary>Any other exception escaped: a bug.</summary>
    Crashed,

    /// <summary>Decoding returned an image whose pixels are not finite values in [0, 1], or whose size is wrong: a bug.</summary>
    InvalidOutput,

    /// <summary>Did not finish within the watchdog time: a bug.</summary>
    Hung,
}

/// <summary>The outcome of one attempt, with the bytes the decoding thread allocated.</summary>
public sealed record DecodeOutcome(OutcomeKind Kind, ImageErrorKind? ErrorKind, Exception? Exception, long AllocatedBytes)
{
    public bool IsAcceptable => Kind is OutcomeKind.Decoded or OutcomeKind.Refused;
}

/// <summary>
/// Runs Probe, DecodeGray and ToModelInput on untrusted bytes under a watchdog, and classifies what happened.
/// Used by the property tests and the fuzz command alike.
/// </summary>
public static class DecodeHarness
{
    public static DecodeOutcome Run(byte[] data, ImageLimits limits, TimeSpan watchdog)
    {
        var attempt = Task.Run(() => Attempt(data, limits));
        return attempt.Wait(watchdog) ? attempt.Result : new DecodeOutcome(OutcomeKind.Hung, null, null, 0);
    }

    private static DecodeOutcome Attempt(byte[] data, ImageLimits limits)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            try
            {
                ImageDecoder.Probe(data);
            }
            catch (ImageDecodeException)
            {
                // Probe and DecodeGray may disagree on what fails first (Probe reads less); both must fail cleanly.
            }

            GrayImage image = ImageDecoder.DecodeGray(data, limits);
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
