using DenoiseApi.Errors;

namespace DenoiseApi.Inference;

/// <summary>Which model a request asks for: a name and a version, either left to the defaults when null.</summary>
public sealed record ModelSelection(string? Name, int? Version)
{
    public static ModelSelection Default { get; } = new(null, null);

    /// <summary>Reads <c>?model=</c> and <c>?version=</c>; a version that is not a positive integer is a 400.</summary>
    public static Outcome<ModelSelection> Parse(string? model, string? version, string modelParameter = "model", string versionParameter = "version")
    {
        model = string.IsNullOrWhiteSpace(model) ? null : model.Trim();
        if (string.IsNullOrWhiteSpace(version)) return new ModelSelection(model, null);
        if (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) || v <= 0)
            return Failure.Query($"'{versionParameter}' must be a positive integer, not '{version}'.");
        if (model is null) return Failure.Query($"'{versionParameter}' needs '{modelParameter}' to say which model it is a version of.");
        return new ModelSelection(model, v);
    }
}
