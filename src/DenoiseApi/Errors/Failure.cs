namespace DenoiseApi.Errors;

/// <summary>Why a request cannot be answered: a kind (which decides the status) and a sentence for the client.</summary>
public sealed record Failure(FailureKind Kind, string Detail)
{
    public static Failure Malformed(string detail) => new(FailureKind.MalformedImage, detail);
    public static Failure Missing(string detail) => new(FailureKind.MissingImage, detail);
    public static Failure Query(string detail) => new(FailureKind.InvalidQuery, detail);
    public static Failure TooLarge(string detail) => new(FailureKind.TooLarge, detail);
}

/// <summary>Either a value or the <see cref="Failure"/> that prevented it. Client mistakes travel this way, never as exceptions.</summary>
public readonly struct Outcome<T>
{
    private readonly T? _value;

    private Outcome(T? value, Failure? failure)
    {
        _value = value;
        Failure = failure;
    }

    public Failure? Failure { get; }

    public bool Succeeded => Failure is null;

    /// <summary>The value; only valid when <see cref="Succeeded"/>.</summary>
    public T Value => Failure is null ? _value! : throw new InvalidOperationException($"No value: {Failure.Detail}");

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Failure failure) => new(default, failure);

    public bool TryGet(out T value, out Failure failure)
    {
        value = _value!;
        failure = Failure!;
        return Failure is null;
    }
}
