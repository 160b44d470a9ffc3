namespace DenoiseApi.Imaging;

/// <summary>Why an image was refused. The service maps each kind to one HTTP status.</summary>
public enum ImageErrorKind
{
    /// <summary>The bytes are not a well-formed image (truncated, corrupt, not an image at all). HTTP 400.</summary>
    Malformed,

    /// <summary>A recognised format or feature this library does not decode (GIF, WebP, arithmetic JPEG...). HTTP 415.</summary>
    Unsupported,

    /// <summary>The header declares more pixels than the limits allow. HTTP 413.</summary>
    TooLarge,

    /// <summary>A valid image that cannot hold a digit: zero size, or blank where a digit must be found. HTTP 422.</summary>
    Empty,
}
