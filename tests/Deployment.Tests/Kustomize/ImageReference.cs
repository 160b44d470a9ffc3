namespace DenoiseApi.Deployment.Tests.Kustomize;

/// <summary>Splits and joins container image references: <c>registry/repository[:tag][@digest]</c>.</summary>
internal static class ImageReference
{
    public static (string Repository, string? Tag, string? Digest) Split(string image)
    {
        string? digest = null;
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = image[(at + 1)..];
            image = image[..at];
        }
        // A ':' after the last '/' is a tag; one before it belongs to a registry host:port.
        var colon = image.LastIndexOf(':');
        var slash = image.LastIndexOf('/');
        return colon > slash ? (image[..colon], image[(colon + 1)..], digest) : (image, null, digest);
    }

    public static string Join(string repository, string? tag, string? digest) =>
        repository + (tag is null ? "" : ":" + tag) + (digest is null ? "" : "@" + digest);
}
