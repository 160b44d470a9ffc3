namespace DenoiseApi.MnistData;

/// <summary>The contents of an unsigned-byte IDX file: its dimensions (big-endian in the file) and its data.</summary>
public sealed record IdxFile(IReadOnlyList<int> Dimensions, byte[] Data)
{
    /// <summary>Size of the first dimension: the number of items (images or labels).</summary>
    public int Count => Dimensions[0];
}
