namespace DenoiseApi.Options;

/// <summary>The model repository: where it is, which models answer by default, how each is served (section <c>Models</c>).</summary>
public sealed class ModelsOptions
{
    public const string SectionName = "Models";

    /// <summary>Repository root (<c>&lt;root&gt;/&lt;name&gt;/&lt;version&gt;/</c>); a relative path is taken from the content root.</summary>
    public string Root { get; set; } = "../../models";

    /// <summary>Model /denoise uses when the request names none (and /classify?denoise=true).</summary>
    public string? DefaultDenoiser { get; set; }

    /// <summary>Model /encode uses when the request names none.</summary>
    public string? DefaultEncoder { get; set; }

    /// <summary>Model /classify uses when the request names none.</summary>
    public string? DefaultClassifier { get; set; }

    /// <summary>
    /// /classify?denoise=true shows the classifier the image as sent when the denoiser's output is within this many dB
    /// PSNR of it (the denoiser found next to no noise: a clean digit keeps its plain answer); 0 turns the check off.
    /// </summary>
    public double CleanInputPsnrDb { get; set; } = 30;

    /// <summary>Versions to serve by default per model name; without an entry the newest loaded version answers.</summary>
    public Dictionary<string, int> PinnedVersions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often the repository is scanned for new, changed or removed versions; 0 turns hot reload off.</summary>
    public double ReloadIntervalSeconds { get; set; } = 2;

    /// <summary>Serving settings every model starts from.</summary>
    public ModelServingOptions Defaults { get; set; } = new();

    /// <summary>Serving settings per model name that replace single default values.</summary>
    public Dictionary<string, ModelServingOptions> Overrides { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Built-in values, then <see cref="Defaults"/>, then this model's override.</summary>
    public ModelServingOptions For(string modelName)
    {
        var defaults = Defaults.Over(ModelServingOptions.BuiltIn);
        return Overrides.TryGetValue(modelName, out var own) ? own.Over(defaults) : defaults;
    }
}
