using DenoiseApi.Errors;
using DenoiseApi.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DenoiseApi.Input;

/// <summary>
/// Takes the image bytes out of a request: one or more files in multipart/form-data field <c>image</c>, or the raw body
/// sent as <c>image/*</c> or <c>application/octet-stream</c>. Enforces the byte and image-count limits. Every client
/// mistake comes back as a <see cref="Failure"/>, never as an exception.
/// </summary>
public sealed class ImageRequestReader(IOptions<LimitsOptions> limits)
{
    /// <summary>The multipart field that carries the image(s).</summary>
    public const string FieldName = "image";

    /// <summary>Raw body content types accepted besides <c>image/*</c>.</summary>
    public static readonly string[] RawContentTypes = ["image/*", "application/octet-stream"];

    private readonly LimitsOptions _limits = limits.Value;

    public async Task<Outcome<IReadOnlyList<UploadedImage>>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > _limits.MaxRequestBytes)
            return Failure.TooLarge($"The request body has {request.ContentLength} bytes; the limit is {_limits.MaxRequestBytes}.");
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = _limits.MaxRequestBytes;

        try
        {
            if (IsMultipart(request.ContentType)) return await ReadMultipartAsync(request, cancellationToken);
            return await ReadRawBodyAsync(request, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Failure.TooLarge($"The request body is over the limit of {_limits.MaxRequestBytes} bytes.");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            return new Failure(FailureKind.RequestTimeout, "The request body arrived too slowly.");
        }
        catch (BadHttpRequestException)
        {
            return Failure.Malformed("The request body could not be read.");
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return Failure.TooLarge($"The multipart body is over a limit: {e.Message}");
        }
        catch (InvalidDataException)
        {
            return Failure.Malformed("The multipart/form-data body cannot be parsed.");
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure.Malformed("The request body ended early or could not be read.");
        }
    }

    private async Task<Outcome<IReadOnlyList<UploadedImage>>> ReadMultipartAsync(HttpRequest request, CancellationToken ct)
    {
        var form = await request.ReadFormAsync(new FormOptions
        {
            MultipartBodyLengthLimit = _limits.MaxRequestBytes,
            ValueCountLimit = _limits.MaxImagesPerRequest + 16,
        }, ct);
        var files = form.Files.Where(f => string.Equals(f.Name, FieldName, StringComparison.OrdinalIgnoreCase)).ToList();
        if (files.Count == 0)
        {
            var found = form.Files.Select(f => f.Name).Concat(form.Keys).Distinct(StringComparer.Ordinal).ToList();
            return Failure.Missing(found.Count == 0
                ? $"The multipart body has no file; send the image as a file in field '{FieldName}'."
                : $"The multipart body has no file in field '{FieldName}'; it has: {string.Join(", ", found.Select(n => $"'{n}'"))}.");
        }
        if (files.Count > _limits.MaxImagesPerRequest)
            return Failure.TooLarge($"The request has {files.Count} images; the limit is {_limits.MaxImagesPerRequest}.");

        var images = new List<UploadedImage>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var source = files.Count == 1 ? $"field '{FieldName}'" : $"image {i} ('{file.FileName}')";
            if (file.Length == 0) return Failure.Missing($"The file in {source} is empty.");
            var bytes = new byte[file.Length];
            await using (var stream = file.OpenReadStream())
            {
                await stream.ReadExactlyAsync(bytes, ct);
            }
            images.Add(new UploadedImage(bytes, source));
        }
        return images;
    }

    private async Task<Outcome<IReadOnlyList<UploadedImage>>> ReadRawBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var contentType = request.ContentType;
        if (contentType is not null && !IsRawImageType(contentType))
        {
            return new Failure(FailureKind.UnsupportedFormat,
                $"Content-Type '{contentType}' is not accepted; send multipart/form-data with field '{FieldName}', or the raw image as {string.Join(" or ", RawContentTypes)}.");
        }

        var bytes = await ReadBodyAsync(request, ct);
        if (!bytes.TryGet(out var body, out var failure)) return failure;
        if (body.Length == 0)
            return Failure.Missing($"The request body is empty; send the image as the body or in multipart field '{FieldName}'.");
        return new[] { new UploadedImage(body, "request body") };
    }

    private async Task<Outcome<byte[]>> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is { } length)
        {
            var exact = new byte[length];
            var read = await request.Body.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, ct);
            return read == exact.Length ? exact : Failure.Malformed($"The body ended after {read} of {length} announced bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > _limits.MaxRequestBytes)
                return Failure.TooLarge($"The request body is over the limit of {_limits.MaxRequestBytes} bytes.");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private static bool IsMultipart(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    private static bool IsRawImageType(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed)) return false;
        var media = parsed.MediaType.Value ?? "";
        return media.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);
    }
}
