using DenoiseApi.Imaging;
using DenoiseApi.Input;

namespace DenoiseApi.Output;

/// <summary>Turns model outputs into what the caller receives: PNGs in the caller's polarity and size, classes, latents.</summary>
public static class DigitOutputs
{
    /// <summary>A denoised 28x28 output as a gray PNG, in the caller's polarity, at the model's or the input's size.</summary>
    public static DenoisedImage ToPng(float[] output, PreprocessResult input, OutputSize size)
    {
        var pixels = (float[])output.Clone();
        for (var i = 0; i < pixels.Length; i++) pixels[i] = Math.Clamp(pixels[i], 0f, 1f);
        DigitPreprocessor.ToCallerPolarity(pixels, input.Inverted);
        var image = new GrayImage(DigitPreprocessor.Size, DigitPreprocessor.Size, pixels);
        if (size == OutputSize.Input && (input.SourceWidth != image.Width || input.SourceHeight != image.Height))
            image = ImageResizer.ResizeArea(image, input.SourceWidth, input.SourceHeight);
        return new DenoisedImage(image.Width, image.Height, PngEncoder.EncodeGray8(image.Pixels, image.Width, image.Height));
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
