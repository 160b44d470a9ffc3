namespace DenoiseApi.Imaging;

/// <summary>Which way round the digit is. The models expect MNIST's white digit on black.</summary>
public enum Polarity
{
    /// <summary>Decide from the image border: a light border means dark ink on paper, so invert.</summary>
    Auto,

    /// <summary>Always invert (the caller sends dark ink on a light background).</summary>
    Invert,

    /// <summary>Never invert (the caller already sends a light digit on a dark background).</summary>
    Keep,
}

/// <summary>How the image is brought to 28x28.</summary>
public enum FitMode
{
    /// <summary><see cref="Stretch"/> for inputs that are already 28x28, otherwise <see cref="Mnist"/>.</summary>
    Auto,

    /// <summary>As MNIST was made: crop to the digit, scale into 20x20 keeping the aspect ratio, centre by mass in 28x28.</summary>
    Mnist,

    /// <summary>Resize the whole image to 28x28 (area averaging), ignoring its aspect ratio.</summary>
    Stretch,
}

/// <summary>Preprocessing choices; the defaults suit both MNIST-like inputs and photos or scans of a digit.</summary>
public sealed record PreprocessOptions(Polarity Polarity = Polarity.Auto, FitMode Fit = FitMode.Auto)
{
    /// <summary>Automatic polarity and fit.</summary>
    public static PreprocessOptions Default { get; } = new();
}

/// <summary>A model input and what was done to obtain it.</summary>
/// <param name="Pixels">784 values, 28x28 row-major, white digit on black, in [0, 1].</param>
/// <param name="Inverted">True when the input was inverted; <see cref="DigitPreprocessor.ToCallerLevels"/> undoes it.</param>
/// <param name="SourceWidth">Width of the decoded input image.</param>
/// <param name="SourceHeight">Height of the decoded input image.</param>
public sealed record PreprocessResult(float[] Pixels, bool Inverted, int SourceWidth, int SourceHeight)
{
    /// <summary>Where the source image landed in the 28x28 input; <see cref="DigitPreprocessor.ToSourceGeometry"/> inverts it.</summary>
    public DigitFraming Framing { get; init; } = DigitFraming.Stretched(SourceWidth, SourceHeight);
}

/// <summary>
/// The axis-aligned map from source to model coordinates (pixel edges, so pixel <c>x</c> spans <c>[x, x + 1)</c>):
/// <c>model = source * Scale + Offset</c> on each axis.
/// </summary>
public sealed record DigitFraming(double ScaleX, double ScaleY, double OffsetX, double OffsetY)
{
    /// <summary>The whole source stretched over the 28x28 input.</summary>
    public static DigitFraming Stretched(int sourceWidth, int sourceHeight) => new(
        sourceWidth > 0 ? (double)DigitPreprocessor.Size / sourceWidth : 1,
        sourceHeight > 0 ? (double)DigitPreprocessor.Size / sourceHeight : 1,
        0,
        0);
}
