namespace DenoiseApi.Training.Tests.Export;

/// <summary>
/// Plain-loop reference computations of the ONNX operators' definitions (NCHW layout, double accumulation), written
/// from the operator specifications to check what ONNX Runtime computes from an exported file.
/// </summary>
internal static class ReferenceOps
{
    /// <summary>Gemm with transB = 1: y[m, n] = Σk a[m, k]·b[n, k] + c[n].</summary>
    public static float[] GemmTransB(float[] a, float[] b, float[] c, int m, int k, int n)
    {
        var y = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = c[j];
                for (int p = 0; p < k; p++)
                {
                    sum += (double)a[(i * k) + p] * b[(j * k) + p];
                }

                y[(i * n) + j] = (float)sum;
            }
        }

        return y;
    }

    /// <summary>MatMul: y[m, n] = Σk a[m, k]·b[k, n].</summary>
    public static float[] MatMul(float[] a, float[] b, int m, int k, int n)
    {
        var y = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    sum += (double)a[(i * k) + p] * b[(p * n) + j];
                }

                y[(i * n) + j] = (float)sum;
            }
        }

        return y;
    }

    public static float[] Map(float[] x, Func<double, double> f) => x.Select(v => (float)f(v)).ToArray();

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>Softmax over each row of <paramref name="columns"/> values.</summary>
    public static float[] SoftmaxRows(float[] x, int columns)
    {
        var y = new float[x.Length];
        for (int r = 0; r < x.Length / columns; r++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < columns; c++)
            {
                max = Math.Max(max, x[(r * columns) + c]);
            }

            double sum = 0;
            for (int c = 0; c < columns; c++)
            {
                sum += Math.Exp(x[(r * columns) + c] - max);
            }

            for (int c = 0; c < columns; c++)
            {
                y[(r * columns) + c] = (float)(Math.Exp(x[(r * columns) + c] - max) / sum);
            }
        }

        return y;
    }

    /// <summary>Conv: y[n, m, i, j] = b[m] + Σ x[n, c, i·s − p + ki, j·s − p + kj]·w[m, c, ki, kj] (zero padding).</summary>
    public static float[] Conv(float[] x, float[] w, float[] b, int n, int c, int h, int wid, int m, int k, int stride, int pad)
    {
        int oh = ((h + (2 * pad) - k) / stride) + 1;
        int ow = ((wid + (2 * pad) - k) / stride) + 1;
        var y = new float[n * m * oh * ow];
        for (int ni = 0; ni < n; ni++)
        {
            for (int mi = 0; mi < m; mi++)
            {
                for (int i = 0; i < oh; i++)
                {
                    for (int j = 0; j < ow; j++)
                    {
                        double sum = b[mi];
                        for (int ci = 0; ci < c; ci++)
                        {
                            for (int ki = 0; ki < k; ki++)
                            {
                                for (int kj = 0; kj < k; kj++)
                                {
                                    int r = (i * stride) - pad + ki;
                                    int col = (j * stride) - pad + kj;
                                    if (r >= 0 && r < h && col >= 0 && col < wid)
                                    {
                                        sum += (double)x[(((ni * c) + ci) * h * wid) + (r * wid) + col] * w[(((mi * c) + ci) * k * k) + (ki * k) + kj];
                                    }
                                }
                            }
                        }

                        y[(((ni * m) + mi) * oh * ow) + (i * ow) + j] = (float)sum;
                    }
                }
            }
        }

        return y;
    }

    /// <summary>
    /// ConvTranspose (weights [C, M, k, k]): every input pixel scatters x[n, c, i, j]·w[c, m, ki, kj] to output
    /// (i·s − p + ki, j·s − p + kj); output size (h − 1)·s − 2p + k + outputPadding.
    /// </summary>
    public static float[] ConvTranspose(
        float[] x, float[] w, float[] b, int n, int c, int h, int wid, int m, int k, int stride, int pad, int outputPadding)
    {
        int oh = ((h - 1) * stride) - (2 * pad) + k + outputPadding;
        int ow = ((wid - 1) * stride) - (2 * pad) + k + outputPadding;
        var y = new double[n * m * oh * ow];
        for (int ni = 0; ni < n; ni++)
        {
            for (int mi = 0; mi < m; mi++)
            {
                for (int p = 0; p < oh * ow; p++)
                {
                    y[(((ni * m) + mi) * oh * ow) + p] = b[mi];
                }
            }

            for (int ci = 0; ci < c; ci++)
            {
                for (int i = 0; i < h; i++)
                {
                    for (int j = 0; j < wid; j++)
                    {
                        double v = x[(((ni * c) + ci) * h * wid) + (i * wid) + j];
                        for (int mi = 0; mi < m; mi++)
                        {
                            for (int ki = 0; ki < k; ki++)
                            {
                                for (int kj = 0; kj < k; kj++)
                                {
                                    int r = (i * stride) - pad + ki;
                                    int col = (j * stride) - pad + kj;
                                    if (r >= 0 && r < oh && col >= 0 && col < ow)
                                    {
                                        y[(((ni * m) + mi) * oh * ow) + (r * ow) + col] += v * w[(((ci * m) + mi) * k * k) + (ki * k) + kj];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        return y.Select(v => (float)v).ToArray();
    }

    /// <summary>MaxPool with a k x k window and stride s, no padding.</summary>
    public static float[] MaxPool(float[] x, int n, int c, int h, int wid, int k, int stride)
    {
        int oh = ((h - k) / stride) + 1;
        int ow = ((wid - k) / stride) + 1;
        var y = new float[n * c * oh * ow];
        for (int plane = 0; plane < n * c; plane++)
        {
            for (int i = 0; i < oh; i++)
            {
                for (int j = 0; j < ow; j++)
                {
                    float max = float.NegativeInfinity;
                    for (int ki = 0; ki < k; ki++)
                    {
                        for (int kj = 0; kj < k; kj++)
                        {
                            max = Math.Max(max, x[(plane * h * wid) + (((i * stride) + ki) * wid) + (j * stride) + kj]);
                        }
                    }

                    y[(plane * oh * ow) + (i * ow) + j] = max;
                }
            }
        }

        return y;
    }

    public static float[] Random(int length, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(((rng.NextDouble() * 2) - 1) * scale);
        }

        return values;
    }
}
