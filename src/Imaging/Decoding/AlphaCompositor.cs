namespace DenoiseApi.Imaging.Decoding;

/// <summary>
/// Flattens a luma + alpha image onto a plain background. The background is the shade that contrasts with what is
/// visible: if the (alpha-weighted) visible content is dark, as ink on a transparent sheet usually is, it goes onto
/// white; if it is light, onto black. A digit drawn in any colour on a transparent canvas thus stays visible.
/// </summary>
internal static class AlphaCompositor
{
    /// <summary>Composites in place: <c>luma = a * luma + (1 - a) * background</c>; returns the background used.</summary>
    public static float Composite(Span<float> luma, ReadOnlySpan<float> alpha)
    {
        double weighted = 0;
        double total = 0;
        for (int i = 0; i < luma.Length; i++)
        {
            weighted += alpha[i] * luma[i];
            total += alpha[i];
        }

        float background = total > 0 && weighted / total > 0.5 ? 0f : 1f;
        for (int i = 0; i < luma.Length; i++)
        {
            float a = alpha[i];
            luma[i] = (a * luma[i]) + ((1f - a) * background);
        }

        return background;
    }
}
