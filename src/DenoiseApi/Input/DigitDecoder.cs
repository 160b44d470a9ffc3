using DenoiseApi.Errors;
using DenoiseApi.Imaging;
using DenoiseApi.Options;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Input;

/// <summary>
/// Decodes uploaded images (format sniffed from the bytes, size checked from the header before any pixel is decoded)
/// and turns each into the 28x28 model input. The imaging library's one error becomes a <see cref="Failure"/>
/// of the matching kind.
/// </summary>
public sealed class DigitDecoder(IOptions<LimitsOptions> limits)
{
    private readonly ImageLimits _imageLimits = new(limits.Value.MaxPixels);

    public Outcome<IReadOnlyList<PreprocessResult>> Decode(IReadOnlyList<UploadedImage> images, PreprocessOptions options)
    {
        var results = new PreprocessResult[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            try
            {
                var gray = ImageDecoder.DecodeGray(images[i].Bytes, _imageLimits);
                results[i] = DigitPreprocessor.ToModelInput(gray, options);
            }
            catch (ImageDecodeException e)
            {
                var detail = images.Count == 1 ? e.Message : $"{images[i].Source}: {e.Message}";
                return new Failure(KindOf(e.Kind), detail);
            }
        }
        return results;
    }

    internal static FailureKind KindOf(ImageErrorKind kind) => kind switch
    {
        ImageErrorKind.Unsupported => FailureKind.UnsupportedFormat,
        ImageErrorKind.TooLarge => FailureKind.TooLarge,
        ImageErrorKind.Empty => FailureKind.NotADigit,
        _ => FailureKind.MalformedImage,
    };
}
