namespace DenoiseApi.Imaging;

/// <summary>The one error raised for any image that cannot be decoded or preprocessed.</summary>
public sealed class ImageDecodeException : Exception
{
    /// <summary>Creates the error with its kind and a message safe to show to a client.</summary>
    public ImageDecodeException(ImageErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    /// <summary>Creates the error wrapping a lower-level cause (for example a zlib failure).</summary>
    public ImageDecodeException(ImageErrorKind kind, string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Why the image was refused.</summary>
    public ImageErrorKind Kind { get; }

    internal static ImageDecodeException Malformed(string message) => new(ImageErrorKind.Malformed, message);

    internal static ImageDecodeException Unsupported(string message) => new(ImageErrorKind.Unsupported, message);
}
