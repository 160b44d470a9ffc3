namespace DenoiseApi.OnnxRuntime.Native;

/// <summary>Shape arithmetic shared by the Run overloads.</summary>
internal static class TensorShapes
{
    /// <summary>Product of the dimensions (1 for a scalar); every dimension must be non-negative.</summary>
    internal static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"Shape [{string.Join(", ", shape.ToArray())}] has a negative dimension; concrete shapes are required.");
            }

            count = checked(count * dim);
        }

        return count;
    }

    /// <summary>Throws unless a buffer of <paramref name="length"/> elements exactly fills <paramref name="shape"/>.</summary>
    internal static void RequireMatchingLength(int length, ReadOnlySpan<long> shape, string parameterName)
    {
        var expected = ElementCount(shape);
        if (expected != length)
        {
            throw new ArgumentException(
                $"Buffer holds {length} elements but shape [{string.Join(", ", shape.ToArray())}] needs {expected}.",
                parameterName);
        }
    }
}
