namespace DenoiseApi.Imaging.Decoding;

/// <summary>
/// Flattens a luma + alpha image onto a plain black or white background, chosen so the digit stays visible. What is
/// visible is either the ink of a drawing on a transparent canvas, or paper (with its ink) around transparent holes:
/// <list type="bullet">
/// <item>Mostly transparent and all of one shade (over 90% of the visible weight dark, or light): ink on a transparent
/// canvas, so the background is the shade that contrasts with it (dark ink onto white, light ink onto black).</item>
/// <item>Otherwise the visible part holds the paper, so the background takes the paper's shade: the shade (dark or
/// light) of the majority of what is visible.</item>
/// </list>
/// </summary>
internal static class AlphaCompositor
{
    private const double UniformShare = 0.9;

    /// <summary>Composites in place: <c>luma = a * luma + (1 - a) * background</c>; returns the background used.</summary>
    public static float Composite(Span<float> luma, ReadOnlySpan<float> alpha)
    {
        float background = ChooseBackground(luma, alpha);
        for (int i = 0; i < luma.Length; i++)
        {
            float a = alpha[i];
            luma[i] = (a * luma[i]) + ((1f - a) * background);
        }

        return background;
    }

    public static float ChooseBackground(ReadOnlySpan<float> luma, ReadOnlySpan<float> alpha)
    {
        double coverage = 0;
        double dark = 0;
        for (int i = 0; i < luma.Length; i++)
        {
            coverage += alpha[i];
            if (luma[i] < 0.5f)
            {
                dark += alpha[i];
            }
        }

        if (coverage == 0)
        {
            return 1f;
        }

        double darkShare = dark / coverage;
        bool mostlyTransparent = coverage < 0.5 * luma.Length;
        if (mostlyTransparent && darkShare >= UniformShare)
        {
            return 1f; // dark ink on a transparent canvas
        }

        if (mostlyTransparent && darkShare <= 1 - UniformShare)
        {
            return 0f; // light ink on a transparent canvas
        }

        return darkShare < 0.5 ? 1f : 0f; // the paper's shade
    }
}
