namespace DenoiseApi.Imaging.Decoding;

/// <summary>Colour to luma conversion (ITU-R BT.601 weights, as PIL's <c>convert("L")</c> and libjpeg use).</summary>
internal static class Luma
{
    public const float R = 0.299f;
    public const float G = 0.587f;
    public const float B = 0.114f;

    /// <summary>i / 255 for every byte value.</summary>
    public static readonly float[] FromByte = BuildByteTable();

    public static float FromRgb(float r, float g, float b) => (R * r) + (G * g) + (B * b);

    public static float FromRgb8(byte r, byte g, byte b) => ((R * r) + (G * g) + (B * b)) * (1f / 255f);

    private static float[] BuildByteTable()
    {
        var table = new float[256];
        for (int i = 0; i < 256; i++)
        {
            table[i] = i / 255f;
        }

        return table;
    }
}
