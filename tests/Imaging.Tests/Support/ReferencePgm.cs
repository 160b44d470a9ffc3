using System.IO.Compression;
using System.Text;

namespace DenoiseApi.Imaging.Tests.Support;

/// <summary>
/// Reads the corpus references: gzip-compressed binary PGM (P5) files written by PIL or ImageMagick, 8- or 16-bit.
/// Deliberately separate from the library's own PNM decoder, so a reference never passes through the code under test.
/// </summary>
public static class ReferencePgm
{
    public static (int Width, int Height, float[] Pixels) Read(string file)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(Corpus.Directory, file)), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        byte[] data = buffer.ToArray();

        int position = 0;
        string magic = Token(data, ref position);
        Assert.Equal("P5", magic);
        int width = int.Parse(Token(data, ref position));
        int height = int.Parse(Token(data, ref position));
        int maxValue = int.Parse(Token(data, ref position));
        position++; // the single whitespace byte after maxval
        var pixels = new float[width * height];
        for (int i = 0; i < pixels.Length; i++)
        {
            int value = maxValue < 256 ? data[position + i] : (data[position + (2 * i)] << 8) | data[position + (2 * i) + 1];
            pixels[i] = value / (float)maxValue;
        }

        return (width, height, pixels);
    }

    private static string Token(byte[] data, ref int position)
    {
        while (char.IsWhiteSpace((char)data[position]) || data[position] == '#')
        {
            if (data[position] == '#')
            {
                while (data[position] != '\n')
                {
                    position++;
                }
            }

            position++;
        }

        var token = new StringBuilder();
        while (!char.IsWhiteSpace((char)data[position]))
        {
            token.Append((char)data[position++]);
        }

        return token.ToString();
    }
}
