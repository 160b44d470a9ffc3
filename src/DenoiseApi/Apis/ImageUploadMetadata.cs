using DenoiseApi.Imaging;
using DenoiseApi.Input;
using Microsoft.AspNetCore.Mvc;

namespace DenoiseApi.Apis;

/// <summary>Marks an endpoint that reads a digit image from multipart field <c>image</c> or from a raw image body.</summary>
public sealed class ImageUploadMetadata
{
    public static ImageUploadMetadata Instance { get; } = new();

    /// <summary>Raw-body content types documented for the endpoint: every format the decoder reads, and octet-stream.</summary>
    /// <remarks>The format is always sniffed from the bytes; any <c>image/*</c> type is accepted.</remarks>
    public static IReadOnlyList<string> RawContentTypes { get; } =
        [.. ImageDecoder.SupportedFormats.Select(f => f.MediaType()), "application/octet-stream"];
}

/// <summary>Route-builder conventions shared by the image endpoints.</summary>
public static class ImageEndpointConventions
{
    /// <summary>Declares the image upload (multipart field or raw body) so Swagger documents and offers it.</summary>
    public static RouteHandlerBuilder AcceptsImage(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(ImageUploadMetadata.Instance);

    /// <summary>Declares every problem an image endpoint can answer with.</summary>
    public static RouteHandlerBuilder ProducesImageProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    internal static string FieldName => ImageRequestReader.FieldName;
}
