using System.Buffers.Binary;

namespace DenoiseApi.Imaging.Tests.Support;

/// <summary>Image files written byte by byte from their specifications, independently of the library under test.</summary>
public static class TestFiles
{
    /// <summary>
    /// An uncompressed TGA of 8-bit levels, bottom-up rows: type 3 (gray, one byte a pixel) or type 2 (true colour, the
    /// level repeated in B, G and R).
    /// </summary>
    public static byte[] Tga(int width, int height, byte[] levels, bool colour)
    {
        int bytesPerPixel = colour ? 3 : 1;
        var tga = new byte[18 + (width * height * bytesPerPixel)];
        tga[2] = (byte)(colour ? 2 : 3);
        BinaryPrimitives.WriteUInt16LittleEndian(tga.AsSpan(12), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(tga.AsSpan(14), (ushort)height);
        tga[16] = (byte)(8 * bytesPerPixel);
        for (int y = 0; y < height; y++)
        {
            int row = 18 + ((height - 1 - y) * width * bytesPerPixel);
            for (int x = 0; x < width; x++)
            {
                tga.AsSpan(row + (x * bytesPerPixel), bytesPerPixel).Fill(levels[(y * width) + x]);
            }
        }

        return tga;
    }
}
