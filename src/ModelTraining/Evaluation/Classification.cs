namespace DenoiseApi.Training.Evaluation;

/// <summary>Turning rows of class scores (probabilities or logits) into predictions and accuracy.</summary>
public static class Classification
{
    /// <summary>Index of the largest value in <paramref name="scores"/> (the first one on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> scores)
    {
        if (scores.IsEmpty)
        {
            throw new ArgumentException("No scores to choose from.", nameof(scores));
        }

        int best = 0;
        for (int i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// Fraction of rows of <paramref name="scores"/> (labels.Length rows of <paramref name="classCount"/> values) whose
    /// arg-max equals the label.
    /// </summary>
    public static double Accuracy(ReadOnlySpan<float> scores, ReadOnlySpan<byte> labels, int classCount = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        if (scores.Length != labels.Length * classCount)
        {
            throw new ArgumentException(
                $"{scores.Length} scores do not make {labels.Length} rows of {classCount} classes.", nameof(scores));
        }

        if (labels.IsEmpty)
        {
            return 0;
        }

        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (ArgMax(scores.Slice(i * classCount, classCount)) == labels[i])
            {
                correct++;
            }
        }

        return (double)correct / labels.Length;
    }
}
