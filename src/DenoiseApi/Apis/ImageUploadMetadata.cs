using DenoiseApi.Errors;
using DenoiseApi.Imaging;
using DenoiseApi.Input;

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

/// <summary>
/// The 200 answers of an image endpoint, for the API description: a PNG for one image (<see cref="Png"/>), or the JSON
/// shape for one image (<see cref="OneImage"/>), and the JSON shape for several images in one request (<see cref="Batch"/>);
/// <see cref="NamesModel"/> when a model produced it (the X-Model headers).
/// </summary>
public sealed record ImageAnswers(bool Png, Type? OneImage, Type Batch, bool NamesModel);

/// <summary>Route-builder conventions shared by the image endpoints.</summary>
public static class ImageEndpointConventions
{
    /// <summary>Response headers naming the model that produced an answer (also on PNG answers, which have no JSON fields).</summary>
    public const string ModelHeader = "X-Model";

    public const string ModelVersionHeader = "X-Model-Version";

    /// <summary>Declares the image upload (multipart field or raw body) so Swagger documents and offers it.</summary>
    public static RouteHandlerBuilder AcceptsImage(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(ImageUploadMetadata.Instance);

    /// <summary>Declares the endpoint's 200 answers (see <see cref="ImageAnswers"/>).</summary>
    public static RouteHandlerBuilder Answers(this RouteHandlerBuilder builder, Type batch, bool png = false, Type? oneImage = null, bool namesModel = true) =>
        builder.WithMetadata(new ImageAnswers(png, oneImage, batch, namesModel));

    /// <summary>
    /// Declares every problem an image endpoint can answer with: the statuses of the one <see cref="Problems"/> table,
    /// less 401 (added with the key scheme when keys are on) and, for an endpoint that runs no model, 404 and 503.
    /// </summary>
    public static RouteHandlerBuilder ProducesImageProblems(this RouteHandlerBuilder builder, bool runsModels = true)
    {
        foreach (var status in Problems.Statuses)
        {
            if (status == StatusCodes.Status401Unauthorized) continue;
            if (!runsModels && status is StatusCodes.Status404NotFound or StatusCodes.Status503ServiceUnavailable) continue;
            builder.ProducesProblem(status);
        }
        return builder;
    }

    internal static string FieldName => ImageRequestReader.FieldName;
}
