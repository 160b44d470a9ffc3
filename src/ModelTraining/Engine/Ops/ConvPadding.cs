namespace DenoiseApi.Training.Engine;

/// <summary>
/// Zero padding of a 2-D convolution per side, in pixels. ONNX writes it as <c>pads = [top, left, bottom, right]</c>.
/// </summary>
public readonly record struct ConvPadding(int Top, int Left, int Bottom, int Right)
{
    /// <summary>The same padding on every side.</summary>
    public static ConvPadding Symmetric(int padding) => new(padding, padding, padding, padding);

    /// <summary>
    /// "Same" padding for stride 1: the output keeps the input's size. An even kernel puts the extra pixel at the
    /// end (bottom/right), as ONNX's SAME_UPPER and TensorFlow do.
    /// </summary>
    public static ConvPadding Same(int kernelHeight, int kernelWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelWidth);
        int totalH = kernelHeight - 1, totalW = kernelWidth - 1;
        return new ConvPadding(totalH / 2, totalW / 2, totalH - totalH / 2, totalW - totalW / 2);
    }

    internal bool IsValid => Top >= 0 && Left >= 0 && Bottom >= 0 && Right >= 0;

    /// <summary>The ONNX <c>pads</c> attribute value.</summary>
    public long[] ToOnnxPads() => [Top, Left, Bottom, Right];
}
