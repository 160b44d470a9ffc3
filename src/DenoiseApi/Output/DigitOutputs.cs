using DenoiseApi.Imaging;
using DenoiseApi.Input;

namespace DenoiseApi.Output;

/// <summary>Turns model outputs into what the caller receives: PNGs in the caller's polarity and size, classes, latents.</summary>
public static class DigitOutputs
{
    /// <summary>A denoised 28x28 output as a gray PNG, in the caller's polarity, at the model's or the input's size.</summary>
    public static DenoisedImage ToPng(float[] output, PreprocessResult input, OutputSize size)
    {
        const int Side = DigitPreprocessor.Size;
        if (size == OutputSize.Input && (input.SourceWidth != Side || input.SourceHeight != Side))
        {
            var levels = new float[output.Length];
            DigitPreprocessor.ToCallerLevels(output, input.Inverted, levels);
            GrayImage resized = ImageResizer.ResizeArea(new GrayImage(Side, Side, levels), input.SourceWidth, input.SourceHeight);
            return new DenoisedImage(resized.Width, resized.Height, PngEncoder.EncodeGray8(resized.Pixels, resized.Width, resized.Height));
        }

        Span<float> pixels = stackalloc float[Side * Side];
        DigitPreprocessor.ToCallerLevels(output, input.Inverted, pixels);
        return new DenoisedImage(Side, Side, PngEncoder.EncodeGray8(pixels, Side, Side));
    }

    /// <summary>The most probable class and the probabilities as the model gave them.</summary>
    public static ClassifiedImage ToClass(float[] probabilities)
    {
        var best = 0;
        for (var i = 1; i < probabilities.Length; i++)
        {
            if (probabilities[i] > probabilities[best]) best = i;
        }
        return new ClassifiedImage(best, probabilities);
    }
}
