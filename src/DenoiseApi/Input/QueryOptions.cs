using DenoiseApi.Errors;
using DenoiseApi.Imaging;

namespace DenoiseApi.Input;

/// <summary>Where /denoise's answer is sized: 28x28 (the model's size) or the input image's size.</summary>
public enum OutputSize
{
    Model,
    Input,
}

/// <summary>
/// Reads the query options shared by the image endpoints. Values are matched case-insensitively; anything else is a
/// 400 naming the allowed values, so a typo never silently falls back to a default.
/// </summary>
public static class QueryOptions
{
    public static Outcome<PreprocessOptions> Preprocess(string? invert, string? fit)
    {
        var polarity = Choose(invert, "invert", Polarity.Auto, ("auto", Polarity.Auto), ("true", Polarity.Invert), ("false", Polarity.Keep));
        if (!polarity.TryGet(out var p, out var failure)) return failure;
        var fitMode = Choose(fit, "fit", FitMode.Auto, ("auto", FitMode.Auto), ("mnist", FitMode.Mnist), ("stretch", FitMode.Stretch));
        if (!fitMode.TryGet(out var f, out failure)) return failure;
        return new PreprocessOptions(p, f);
    }

    public static Outcome<OutputSize> Size(string? size) =>
        Choose(size, "size", OutputSize.Model, ("28", OutputSize.Model), ("model", OutputSize.Model), ("input", OutputSize.Input));

    public static Outcome<bool> Flag(string? value, string name) =>
        Choose(value, name, false, ("true", true), ("false", false), ("1", true), ("0", false));

    private static Outcome<T> Choose<T>(string? value, string name, T fallback, params (string Text, T Value)[] allowed)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        foreach (var (text, result) in allowed)
        {
            if (string.Equals(value.Trim(), text, StringComparison.OrdinalIgnoreCase)) return result;
        }
        return Failure.Query($"'{name}' must be one of {string.Join(", ", allowed.Select(a => a.Text))}, not '{value}'.");
    }
}
