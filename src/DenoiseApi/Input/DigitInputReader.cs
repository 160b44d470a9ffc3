using DenoiseApi.Errors;
using DenoiseApi.Imaging;

namespace DenoiseApi.Input;

/// <summary>The input stage in one call: the request's image bytes, decoded and preprocessed into model inputs, in request order.</summary>
public sealed class DigitInputReader(ImageRequestReader requestReader, DigitDecoder decoder)
{
    public async Task<Outcome<IReadOnlyList<PreprocessResult>>> ReadAsync(HttpRequest request, PreprocessOptions options, CancellationToken cancellationToken)
    {
        var images = await requestReader.ReadAsync(request, cancellationToken);
        if (!images.TryGet(out var uploads, out var failure)) return failure;
        return await decoder.DecodeAsync(uploads, options, cancellationToken);
    }
}
