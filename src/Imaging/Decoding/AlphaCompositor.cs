namespace DenoiseApi.Imaging.Decoding;

/// <summary>
/// Flattens a luma + alpha image onto a plain black or white background, chosen so the digit stays visible:
/// <list type="bullet">
/// <item>Mostly transparent (visible coverage below half): the visible part is the ink of a drawing on a transparent
/// canvas, so the background is the shade that contrasts with it (dark ink onto white, light ink onto black).</item>
/// <item>Mostly opaque: the visible part is the paper itself with a few transparent holes, so the holes take the
/// paper's shade (white under light paper, black under a dark one) and do not look like ink.</item>
/// </list>
/// </summary>
internal static class AlphaCompositor
{
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
        double weighted = 0;
        double coverage = 0;
        for (int i = 0; i < luma.Length; i++)
        {
            weighted += alpha[i] * luma[i];
            coverage += alpha[i];
        }

        if (coverage == 0)
        {
            return 1f;
        }

        bool visibleIsLight = weighted / coverage > 0.5;
        bool visibleIsPaper = coverage >= 0.5 * luma.Length;
        return visibleIsLight == visibleIsPaper ? 1f : 0f;
    }
}
