using System.Globalization;

namespace DenoiseApi.Training.Reporting.Drawing;

/// <summary>
/// "Nice" axis ticks: a step of 1, 2 or 5 times a power of ten giving about the requested number of ticks, the first
/// tick at or below the data's minimum and the last at or above its maximum, and labels with just enough decimals.
/// </summary>
public sealed record AxisTicks(double First, double Step, int Count)
{
    public double Last => First + ((Count - 1) * Step);

    public double this[int i] => First + (i * Step);

    /// <summary>Ticks spanning [<paramref name="min"/>, <paramref name="max"/>]; an empty range is widened around its value.</summary>
    public static AxisTicks For(double min, double max, int target = 5, bool integers = false)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) throw new ArgumentException($"Axis range [{min}, {max}] is not finite.");
        if (max < min) (min, max) = (max, min);
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max)))
        {
            var pad = integers ? 1 : Math.Max(Math.Abs(max) * 0.1, 1e-6);
            min -= pad;
            max += pad;
        }
        var step = NiceStep((max - min) / Math.Max(1, target));
        if (integers) step = Math.Max(1, Math.Round(step));
        var first = Math.Floor((min / step) + 1e-9) * step;
        var last = Math.Ceiling((max / step) - 1e-9) * step;
        var count = (int)Math.Round((last - first) / step) + 1;
        return new AxisTicks(first, step, count);
    }

    /// <summary>The label of tick <paramref name="i"/>, with the decimals the step needs ("0.25", "12").</summary>
    public string Label(int i)
    {
        var decimals = Math.Max(0, (int)-Math.Floor(Math.Log10(Step) + 1e-9));
        var value = this[i];
        if (Math.Abs(value) < Step * 1e-6) value = 0;
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static double NiceStep(double rough)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / power;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }
}
