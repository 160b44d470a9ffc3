using System.Globalization;

namespace DenoiseApi.Noise;

/// <summary>
/// A noise type with its level, written <c>type:level</c>: "gaussian:0.5", "uniform:0.9", "salt-pepper:0.2",
/// "mask:0.3", "blind:1" (a random kind and level per image, <see cref="BlindNoise"/>), or "none". Levels are checked
/// (σ and f in [0, 2], fractions p and the blind scale in [0, 1]) and kept at the precision the
/// noise uses: single precision, written as the shortest decimal.
/// </summary>
public readonly record struct NoiseSpec
{
    public const double MaxAdditiveLevel = 2.0;

    public NoiseSpec(NoiseType type, double level)
    {
        string? error = Validate(type, level);
        if (error is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, error);
        }

        Type = type;
        Level = type == NoiseType.None ? 0 : Canonical(level);
    }

    public static NoiseSpec None => new(NoiseType.None, 0);

    public NoiseType Type { get; }

    /// <summary>σ for Gaussian, f for uniform, the fraction p for salt-and-pepper and masking, 0 for none.</summary>
    public double Level { get; }

    /// <summary>The type as written in a spec: "none", "gaussian", "uniform", "salt-pepper", "mask".</summary>
    public string TypeName => Type switch
    {
        NoiseType.None => "none",
        NoiseType.Gaussian => "gaussian",
        NoiseType.Uniform => "uniform",
        NoiseType.SaltPepper => "salt-pepper",
        NoiseType.Mask => "mask",
        NoiseType.Blind => "blind",
        _ => throw new InvalidOperationException($"Unknown noise type {Type}."),
    };

    /// <summary>A snake_case fragment for metric names, e.g. "uniform_0.9", "salt_pepper_0.2", "none".</summary>
    public string MetricKey => Type == NoiseType.None ? "none" : $"{TypeName.Replace('-', '_')}_{FormatLevel(Level)}";

    /// <summary>The noise function this spec describes.</summary>
    public INoise Create() => Type switch
    {
        NoiseType.None => new NoNoise(),
        NoiseType.Gaussian => new GaussianNoise(Level),
        NoiseType.Uniform => new UniformNoise(Level),
        NoiseType.SaltPepper => new SaltPepperNoise(Level),
        NoiseType.Mask => new MaskingNoise(Level),
        NoiseType.Blind => new BlindNoise(Level),
        _ => throw new InvalidOperationException($"Unknown noise type {Type}."),
    };

    /// <summary>Parses "type:level" (or "none"); throws <see cref="FormatException"/> with the reason.</summary>
    public static NoiseSpec Parse(string text)
    {
        if (!TryParse(text, out NoiseSpec spec, out string? error))
        {
            throw new FormatException(error);
        }

        return spec;
    }

    /// <summary>Parses "type:level" (or "none"), explaining a failure in <paramref name="error"/>.</summary>
    public static bool TryParse(string? text, out NoiseSpec spec, out string? error)
    {
        spec = default;
        const string expected = "expected type:level with type gaussian, uniform, salt-pepper, mask or blind (e.g. \"gaussian:0.5\", \"blind:1\"), or \"none\"";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"Empty noise spec; {expected}.";
            return false;
        }

        string[] parts = text.Trim().Split(':');
        NoiseType? type = ParseType(parts[0].Trim());
        if (type is null || parts.Length > 2)
        {
            error = $"Noise spec \"{text}\" is not understood; {expected}.";
            return false;
        }

        if (type == NoiseType.None)
        {
            bool zeroLevel = parts.Length == 1 ||
                (double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double z) && z == 0);
            error = zeroLevel ? null : $"Noise spec \"{text}\": \"none\" takes no level.";
            spec = zeroLevel ? None : default;
            return zeroLevel;
        }

        if (parts.Length != 2 ||
            !double.TryParse(parts[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double level) ||
            !double.IsFinite(level))
        {
            error = $"Noise spec \"{text}\" needs a numeric level; {expected}.";
            return false;
        }

        error = Validate(type.Value, level);
        if (error is not null)
        {
            error = $"Noise spec \"{text}\": {error}";
            return false;
        }

        spec = new NoiseSpec(type.Value, level);
        return true;
    }

    /// <summary>The manifest's form of this spec (type name and level).</summary>
    public DenoiseApi.ModelStore.NoiseSpec ToManifest() => new(TypeName, Level);

    /// <summary>Reads a manifest's noise record.</summary>
    public static NoiseSpec FromManifest(DenoiseApi.ModelStore.NoiseSpec manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Parse(FormattableString.Invariant($"{manifest.Type}:{manifest.Level:R}"));
    }

    /// <summary>"type:level", the form <see cref="Parse"/> reads.</summary>
    public override string ToString() => Type == NoiseType.None ? "none" : $"{TypeName}:{FormatLevel(Level)}";

    private static string FormatLevel(double level) => level.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Levels are applied in single precision, so a level is kept as the shortest decimal that round-trips its float:
    /// 0.9f and 0.9 give the same spec, "uniform:0.9".
    /// </summary>
    private static double Canonical(double level) =>
        double.Parse(((float)level).ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static NoiseType? ParseType(string name) => name.ToUpperInvariant() switch
    {
        "NONE" or "CLEAN" => NoiseType.None,
        "GAUSSIAN" or "GAUSS" => NoiseType.Gaussian,
        "UNIFORM" => NoiseType.Uniform,
        "SALT-PEPPER" or "SALT_PEPPER" or "SALTPEPPER" or "S&P" => NoiseType.SaltPepper,
        "MASK" or "MASKING" => NoiseType.Mask,
        "BLIND" or "MIXED" => NoiseType.Blind,
        _ => null,
    };

    private static string? Validate(NoiseType type, double level)
    {
        if (!double.IsFinite(level))
        {
            return "the level must be a finite number.";
        }

        return type switch
        {
            NoiseType.None => level == 0 ? null : "\"none\" takes no level.",
            NoiseType.Gaussian or NoiseType.Uniform when level is < 0 or > MaxAdditiveLevel =>
                FormattableString.Invariant($"the {(type == NoiseType.Gaussian ? "standard deviation σ" : "factor f")} must be in [0, {MaxAdditiveLevel}], got {level}."),
            NoiseType.SaltPepper or NoiseType.Mask when level is < 0 or > 1 =>
                FormattableString.Invariant($"the fraction p must be in [0, 1], got {level}."),
            NoiseType.Blind when level is < 0 or > 1 =>
                FormattableString.Invariant($"the scale of the blind noise's ranges must be in [0, 1], got {level}."),
            NoiseType.Gaussian or NoiseType.Uniform or NoiseType.SaltPepper or NoiseType.Mask or NoiseType.Blind => null,
            _ => $"unknown noise type {type}.",
        };
    }
}
