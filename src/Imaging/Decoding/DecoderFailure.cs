using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Memory;

namespace DenoiseApi.Imaging.Decoding;

/// <summary>
/// What a failure inside ImageSharp means for the client. Damaged data is <see cref="ImageErrorKind.Malformed"/>; a
/// feature the library does not decode (arithmetic-coded JPEG, animated WebP) is <see cref="ImageErrorKind.Unsupported"/>;
/// a buffer over the allocation limit is <see cref="ImageErrorKind.TooLarge"/>. Any other exception thrown while parsing
/// untrusted bytes is a flaw of the decoder triggered by the data: the client gets a 400 all the same (never a 5xx), and
/// the original exception stays attached for the log and the fuzzer, which counts these separately.
/// </summary>
internal static class DecoderFailure
{
    /// <summary>The client-facing error for <paramref name="exception"/>; null for cancellation, which must propagate.</summary>
    public static ImageDecodeException? Describe(Exception exception, ImageFormat? format)
    {
        string what = format is { } f ? $"The {f} image" : "The image";
        return exception switch
        {
            OperationCanceledException => null,
            ImageDecodeException => null,
            UnknownImageFormatException => new ImageDecodeException(ImageErrorKind.Malformed, NotRecognised, exception),
            InvalidMemoryOperationException => new ImageDecodeException(ImageErrorKind.TooLarge,
                $"{what} needs a buffer larger than the decoder's limit of {AcceptedFormats.AllocationLimitMegabytes} MB.", exception),
            NotSupportedException => new ImageDecodeException(ImageErrorKind.Unsupported,
                $"{what} uses a feature that is not supported: {exception.Message}", exception),
            ImageFormatException => new ImageDecodeException(ImageErrorKind.Malformed, $"{what} is damaged: {exception.Message}", exception),
            OutOfMemoryException => null,
            _ => new ImageDecodeException(ImageErrorKind.Malformed, $"{what} cannot be decoded.", exception),
        };
    }

    /// <summary>Bytes no accepted format recognises: TIFF is named (recognised, refused), anything else is not an image.</summary>
    public static ImageDecodeException NotAnAcceptedImage(ReadOnlySpan<byte> data) =>
        data.StartsWith("II*\0"u8) || data.StartsWith("MM\0*"u8)
            ? ImageDecodeException.Unsupported($"TIFF images are not accepted; send one of: {Accepted}.")
            : ImageDecodeException.Malformed(NotRecognised);

    private static string Accepted => string.Join(", ", AcceptedFormats.All);

    private static string NotRecognised => $"The data is not a recognised image; send one of: {Accepted}.";
}
