namespace DenoiseApi.Imaging.Png;

/// <summary>
/// The constants of the DEFLATE format (RFC 1951 3.2.5) that both the encoder (<see cref="FixedHuffmanZlib"/>) and the
/// decoder (<see cref="ZlibInflater"/>) need: the end-of-block symbol and, per length and distance code, its base value
/// and number of extra bits.
/// </summary>
internal static class DeflateFormat
{
    public const int EndOfBlock = 256;

    /// <summary>Match length of length code 257 + i, before its extra bits.</summary>
    public static readonly ushort[] LengthBase =
        [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];

    /// <summary>Extra bits after length code 257 + i.</summary>
    public static readonly byte[] LengthExtra =
        [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];

    /// <summary>Distance of distance code i, before its extra bits.</summary>
    public static readonly ushort[] DistanceBase =
    [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ];

    /// <summary>Extra bits after distance code i.</summary>
    public static readonly byte[] DistanceExtra =
        [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
}
