namespace DenoiseApi.Training.Training;

/// <summary>Learning rate per epoch.</summary>
public enum LearningRateSchedule
{
    /// <summary>The initial rate throughout.</summary>
    Constant,

    /// <summary>Half-cosine from the initial rate down to 5% of it at the last planned epoch.</summary>
    Cosine,
}

/// <summary>Evaluates a <see cref="LearningRateSchedule"/>.</summary>
public static class LearningRateSchedules
{
    public const float CosineFloor = 0.05f;

    /// <summary>Rate for 0-based <paramref name="epoch"/> of <paramref name="epochs"/>.</summary>
    public static float At(this LearningRateSchedule schedule, float initial, int epoch, int epochs) => schedule switch
    {
        LearningRateSchedule.Constant => initial,
        LearningRateSchedule.Cosine when epochs <= 1 => initial,
        LearningRateSchedule.Cosine => initial * (CosineFloor + (1f - CosineFloor) * 0.5f * (1f + MathF.Cos(MathF.PI * epoch / (epochs - 1)))),
        _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "Unknown learning-rate schedule."),
    };
}
