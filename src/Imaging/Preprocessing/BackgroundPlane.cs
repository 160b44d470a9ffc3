namespace DenoiseApi.Imaging.Preprocessing;

/// <summary>
/// A plane <c>A + Bx * x + By * y</c> fitted by least squares to the border frame of an image: the paper's brightness
/// under light that falls off across a photo or scan. Digit pixels that reach into the frame are trimmed by a second
/// fit that ignores border pixels far from the first one.
/// </summary>
internal readonly record struct BackgroundPlane(double A, double Bx, double By)
{
    /// <summary>Residual (in luma) beyond which a border pixel is taken for ink rather than paper in the second fit.</summary>
    private const double TrimResidual = 0.1;

    public float At(int x, int y) => (float)(A + (Bx * x) + (By * y));

    /// <summary>Fits the oriented values (<c>1 - v</c> when <paramref name="inverted"/>) of the border frame.</summary>
    public static BackgroundPlane FitBorder(float[] pixels, int width, int height, int thickness, bool inverted)
    {
        BackgroundPlane first = Fit(pixels, width, height, thickness, inverted, null);
        return Fit(pixels, width, height, thickness, inverted, first);
    }

    private static BackgroundPlane Fit(float[] pixels, int width, int height, int thickness, bool inverted, BackgroundPlane? trim)
    {
        var sums = new NormalEquations();
        for (int y = 0; y < height; y++)
        {
            bool fullRow = y < thickness || y >= height - thickness || 2 * thickness >= width;
            for (int x = 0; x < width; x++)
            {
                if (!fullRow && x == thickness)
                {
                    x = width - thickness; // skip the interior of the row
                }

                float v = pixels[(y * width) + x];
                float oriented = inverted ? 1f - v : v;
                if (trim is { } plane && Math.Abs(oriented - plane.At(x, y)) > TrimResidual)
                {
                    continue;
                }

                sums.Add(x, y, oriented);
            }
        }

        return sums.Count == 0 && trim is { } previous ? previous : sums.Solve();
    }

    /// <summary>Accumulates the 3x3 least-squares system and solves it (a constant when it is singular).</summary>
    private struct NormalEquations
    {
        private double _n, _x, _y, _xx, _yy, _xy, _v, _xv, _yv;

        public readonly double Count => _n;

        public void Add(double x, double y, double v)
        {
            _n++;
            _x += x;
            _y += y;
            _xx += x * x;
            _yy += y * y;
            _xy += x * y;
            _v += v;
            _xv += x * v;
            _yv += y * v;
        }

        public readonly BackgroundPlane Solve()
        {
            if (_n == 0 || double.IsNaN(_v))
            {
                return new BackgroundPlane(_n == 0 ? 0 : _v / _n, 0, 0);
            }

            // Centre the coordinates so the system is well conditioned, then solve the 2x2 slope part.
            double mx = _x / _n, my = _y / _n, mv = _v / _n;
            double cxx = _xx - (_n * mx * mx), cyy = _yy - (_n * my * my), cxy = _xy - (_n * mx * my);
            double cxv = _xv - (_n * mx * mv), cyv = _yv - (_n * my * mv);
            double det = (cxx * cyy) - (cxy * cxy);
            if (Math.Abs(det) <= 1e-9 * Math.Max(1, cxx * cyy))
            {
                return new BackgroundPlane(mv, 0, 0);
            }

            double bx = ((cxv * cyy) - (cyv * cxy)) / det;
            double by = ((cyv * cxx) - (cxv * cxy)) / det;
            return new BackgroundPlane(mv - (bx * mx) - (by * my), bx, by);
        }
    }
}
