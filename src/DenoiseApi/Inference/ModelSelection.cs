namespace DenoiseApi.Inference;

/// <summary>Which model a request asks for: a name and a version, either left to the defaults when null.</summary>
public sealed record ModelSelection(string? Name, int? Version)
{
    public static ModelSelection Default { get; } = new(null, null);
}
