namespace DenoiseApi.Imaging.Tests.Support;

/// <summary>Small helpers to build and measure test images.</summary>
public static class Images
{
    public static GrayImage Decode(string corpusFile) => ImageDecoder.DecodeGray(Corpus.Bytes(corpusFile), ImageLimits.Default);

    public static GrayImage Filled(int width, int height, Func<int, int, float> value)
    {
        var pixels = new float[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = value(x, y);
            }
        }

        return new GrayImage(width, height, pixels);
    }

    public static GrayImage Random(int width, int height, int seed)
    {
        var random = new Random(seed);
        return Filled(width, height, (_, _) => random.NextSingle());
    }

    /// <summary>Bounding box of the pixels at or above <paramref name="threshold"/> in a 28x28 model input.</summary>
    public static (int Left, int Top, int Width, int Height) InkBox(float[] pixels, float threshold, int size = 28)
    {
        int left = size, top = size, right = -1, bottom = -1;
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                if (pixels[(y * size) + x] >= threshold)
                {
                    (left, right) = (Math.Min(left, x), Math.Max(right, x));
                    (top, bottom) = (Math.Min(top, y), Math.Max(bottom, y));
                }
            }
        }

        return (left, top, right - left + 1, bottom - top + 1);
    }

    public static (double X, double Y) CentreOfMass(float[] pixels, int size = 28)
    {
        double mass = 0, x = 0, y = 0;
        for (int i = 0; i < pixels.Length; i++)
        {
            mass += pixels[i];
            x += pixels[i] * (i % size);
            y += pixels[i] * (i / size);
        }

        return (x / mass, y / mass);
    }

    /// <summary>Pearson correlation of two equally long pixel arrays.</summary>
    public static double Correlation(float[] a, float[] b)
    {
        double meanA = a.Average(), meanB = b.Average();
        double covariance = 0, varianceA = 0, varianceB = 0;
        for (int i = 0; i < a.Length; i++)
        {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }

        return covariance / Math.Sqrt(varianceA * varianceB);
    }
}
